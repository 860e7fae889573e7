using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Domain.Problems;
using WebUtility = System.Net.WebUtility;

namespace Incidents.Web.Features.Problems.Backlog;

/// <summary>
/// Azure DevOps Boards over REST (api-version 7.1): create a work item with a JSON Patch document (title,
/// description, tags, priority, a hyperlink back), read work items' states in batches of 200.
/// </summary>
internal sealed class AzureDevOpsBacklog(IHttpClientFactory clients) : IBacklogClient
{
    public const string ApiVersion = "7.1";

    public BacklogSystem System => BacklogSystem.AzureDevOps;

    public async Task<BacklogItem> CreateAsync(BacklogTarget target, BacklogItemRequest request, CancellationToken cancellationToken)
    {
        var patch = new JsonArray
        {
            Add("/fields/System.Title", request.Title),
            Add("/fields/System.Description", Html(request.Body, request.LinkBack)),
            Add("/fields/Microsoft.VSTS.Common.Priority", request.Priority),
            Add("/relations/-", new JsonObject
            {
                ["rel"] = "Hyperlink",
                ["url"] = request.LinkBack.ToString(),
                ["attributes"] = new JsonObject { ["comment"] = "Countermeasure in Incidents" },
            }),
        };
        if (target.Labels.Count > 0)
        {
            patch.Insert(2, Add("/fields/System.Tags", string.Join("; ", target.Labels)));
        }

        var type = Uri.EscapeDataString(target.WorkItemType ?? "Bug");
        using var message = Request(HttpMethod.Post, target, $"{Uri.EscapeDataString(target.Project)}/_apis/wit/workitems/${type}?api-version={ApiVersion}");
        message.Content = new StringContent(patch.ToJsonString(), Encoding.UTF8);
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json-patch+json");
        using var response = await BacklogHttp.SendAsync(clients.CreateClient(BacklogHttp.ClientName), message, "Creating the Azure DevOps work item", cancellationToken);
        var created = JsonNode.Parse(await BacklogHttp.ReadOrThrowAsync(response, "Creating the Azure DevOps work item", cancellationToken));
        return Item(target, created);
    }

    public async Task<IReadOnlyList<BacklogItem>> GetAsync(BacklogTarget target, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(BacklogHttp.ClientName);
        var items = new List<BacklogItem>();
        foreach (var chunk in ids.Chunk(200))
        {
            // errorPolicy=omit: a deleted work item comes back as null instead of failing the whole batch.
            var path = $"{Uri.EscapeDataString(target.Project)}/_apis/wit/workitems?ids={string.Join(',', chunk)}&fields=System.State&errorPolicy=omit&api-version={ApiVersion}";
            using var message = Request(HttpMethod.Get, target, path);
            using var response = await BacklogHttp.SendAsync(http, message, "Reading Azure DevOps work items", cancellationToken);
            var body = JsonNode.Parse(await BacklogHttp.ReadOrThrowAsync(response, "Reading Azure DevOps work items", cancellationToken));
            var found = (body?["value"] as JsonArray ?? []).Where(v => v is not null).Select(v => Item(target, v)).ToDictionary(i => i.Id);
            items.AddRange(chunk.Select(id => found.GetValueOrDefault(id) ?? new BacklogItem(id, WebUrl(target, id), BacklogItemState.Dropped, "deleted")));
        }

        return items;
    }

    /// <summary>
    /// Work item states differ by process (Agile, Scrum, Basic, CMMI); the usual names map to the board: closed,
    /// done and resolved count as done, removed as dropped, active/committed/doing as in progress, the rest as open.
    /// </summary>
    public static BacklogItemState Map(string state) => state.Trim().ToUpperInvariant() switch
    {
        "DONE" or "CLOSED" or "RESOLVED" or "COMPLETED" => BacklogItemState.Done,
        "REMOVED" or "CUT" => BacklogItemState.Dropped,
        "ACTIVE" or "COMMITTED" or "DOING" or "IN PROGRESS" => BacklogItemState.InProgress,
        _ => BacklogItemState.Open,
    };

    public static string WebUrl(BacklogTarget target, string id) =>
        $"{target.BaseUrl.TrimEnd('/')}/{Uri.EscapeDataString(target.Project)}/_workitems/edit/{id}";

    private static BacklogItem Item(BacklogTarget target, JsonNode? item)
    {
        var id = item?["id"]?.GetValue<long>().ToString(CultureInfo.InvariantCulture) ?? throw new BacklogException("Azure DevOps answered without a work item id.", transient: false);
        var state = item["fields"]?["System.State"]?.GetValue<string>() ?? "New";
        var url = item["_links"]?["html"]?["href"]?.GetValue<string>() ?? WebUrl(target, id);
        return new BacklogItem(id, url, Map(state), state);
    }

    private static JsonObject Add(string path, JsonNode? value) => new() { ["op"] = "add", ["path"] = path, ["value"] = value };

    private static string Html(string markdown, Uri link) =>
        $"<p>{WebUtility.HtmlEncode(markdown).Replace("\n", "<br>", StringComparison.Ordinal)}</p>"
        + $"<p>Countermeasure in Incidents: <a href=\"{WebUtility.HtmlEncode(link.ToString())}\">{WebUtility.HtmlEncode(link.ToString())}</a></p>";

    private static HttpRequestMessage Request(HttpMethod method, BacklogTarget target, string path)
    {
        var message = new HttpRequestMessage(method, $"{target.BaseUrl.TrimEnd('/')}/{path}");
        // A personal access token goes as the password of Basic authentication with an empty user name.
        message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($":{target.Token}")));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return message;
    }
}
