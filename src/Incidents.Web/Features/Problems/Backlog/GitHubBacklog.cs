using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Domain.Problems;

namespace Incidents.Web.Features.Problems.Backlog;

/// <summary>
/// GitHub Issues over REST (api-version 2022-11-28): create an issue with labels and a link back; read issue states.
/// Works against GitHub Enterprise Server by its /api/v3 base address.
/// </summary>
internal sealed class GitHubBacklog(IHttpClientFactory clients) : IBacklogClient
{
    public const string ApiVersion = "2022-11-28";

    public BacklogSystem System => BacklogSystem.GitHub;

    public async Task<BacklogItem> CreateAsync(BacklogTarget target, BacklogItemRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["title"] = request.Title,
            ["body"] = $"{request.Body}\n\n---\nCountermeasure in Incidents: {request.LinkBack}",
            ["labels"] = new JsonArray(target.Labels.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray()),
        };
        using var message = Request(HttpMethod.Post, target, "issues");
        message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await BacklogHttp.SendAsync(clients.CreateClient(BacklogHttp.ClientName), message, "Creating the GitHub issue", cancellationToken);
        return Item(JsonNode.Parse(await BacklogHttp.ReadOrThrowAsync(response, "Creating the GitHub issue", cancellationToken)));
    }

    public async Task<IReadOnlyList<BacklogItem>> GetAsync(BacklogTarget target, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(BacklogHttp.ClientName);
        var items = new List<BacklogItem>();
        foreach (var id in ids)
        {
            using var message = Request(HttpMethod.Get, target, $"issues/{Uri.EscapeDataString(id)}");
            using var response = await BacklogHttp.SendAsync(http, message, $"Reading GitHub issue #{id}", cancellationToken);
            if (response.StatusCode is global::System.Net.HttpStatusCode.NotFound or global::System.Net.HttpStatusCode.Gone)
            {
                // Deleted or transferred away: the work is not going to happen here.
                items.Add(new BacklogItem(id, "", BacklogItemState.Dropped, "deleted"));
                continue;
            }

            items.Add(Item(JsonNode.Parse(await BacklogHttp.ReadOrThrowAsync(response, $"Reading GitHub issue #{id}", cancellationToken))));
        }

        return items;
    }

    /// <summary>An issue (REST resource or webhook "issue" object) as the countermeasure sees it.</summary>
    public static BacklogItem Item(JsonNode? issue)
    {
        var number = issue?["number"]?.GetValue<long>() ?? throw new BacklogException("GitHub answered without an issue number.", transient: false);
        var state = issue["state"]?.GetValue<string>() ?? "open";
        var reason = issue["state_reason"] is JsonValue value && value.TryGetValue<string>(out var r) ? r : null;
        var mapped = state == "closed"
            ? reason is "not_planned" or "duplicate" ? BacklogItemState.Dropped : BacklogItemState.Done
            : BacklogItemState.Open;
        var label = reason is null || state == "open" ? state : $"{state} ({reason.Replace('_', ' ')})";
        return new BacklogItem(number.ToString(CultureInfo.InvariantCulture), issue["html_url"]?.GetValue<string>() ?? "", mapped, label);
    }

    private static HttpRequestMessage Request(HttpMethod method, BacklogTarget target, string path)
    {
        var message = new HttpRequestMessage(method, $"{target.BaseUrl.TrimEnd('/')}/repos/{target.Project.Trim()}/{path}");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.Token);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        message.Headers.Add("X-GitHub-Api-Version", ApiVersion);
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue("Incidents", "1.0"));
        return message;
    }

    /// <summary>The request body a webhook delivery is signed over, checked against X-Hub-Signature-256.</summary>
    public static bool SignatureMatches(string secret, byte[] body, string? header)
    {
        if (header is null || !header.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return false;
        }

        var expected = global::System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        byte[] given;
        try
        {
            given = Convert.FromHexString(header["sha256=".Length..]);
        }
        catch (FormatException)
        {
            return false;
        }

        return global::System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
