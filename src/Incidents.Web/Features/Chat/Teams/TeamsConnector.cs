using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat.Teams;

/// <summary>A Connector call failed; <see cref="Status"/> and the ErrorResponse code say why.</summary>
internal sealed class TeamsConnectorException(int status, string code) : Exception($"Bot Connector answered {status}: {code}")
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}

/// <summary>
/// The Bot Framework Connector REST API (v3) for replies, proactive messages and card updates, authenticated with
/// a client-credentials token that is cached until shortly before it expires and sent only to the serviceUrl.
/// </summary>
internal sealed class TeamsConnector(IHttpClientFactory clients, IOptions<TeamsOptions> options, TimeProvider clock) : IDisposable
{
    public const string ClientName = "Teams";
    private readonly SemaphoreSlim tokenGate = new(1, 1);
    private (string Token, DateTimeOffset Until)? cached;

    public Task<string> SendAsync(string serviceUrl, string conversationId, JsonObject activity, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", activity, cancellationToken);

    public Task<string> ReplyAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity, cancellationToken);

    public Task<string> UpdateAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken)
    {
        activity["id"] = activityId;
        return CallAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity, cancellationToken);
    }

    /// <summary>Creates a conversation (a 1:1 chat, or a new thread in a channel); returns its id.</summary>
    public async Task<string> CreateConversationAsync(string serviceUrl, JsonObject parameters, CancellationToken cancellationToken) =>
        JsonNode.Parse(await CallRawAsync(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, cancellationToken))?["id"]?.GetValue<string>()
        ?? throw new TeamsConnectorException(200, "no conversation id");

    private async Task<string> CallAsync(HttpMethod method, string serviceUrl, string path, JsonObject body, CancellationToken cancellationToken) =>
        JsonNode.Parse(await CallRawAsync(method, serviceUrl, path, body, cancellationToken) is { Length: > 0 } text ? text : "{}")?["id"]?.GetValue<string>() ?? "";

    private async Task<string> CallRawAsync(HttpMethod method, string serviceUrl, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var http = clients.CreateClient(ClientName);
        using var request = new HttpRequestMessage(method, new Uri(new Uri(serviceUrl.TrimEnd('/') + "/"), path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = TryParse(text);
            var code = error?["error"]?["code"]?.GetValue<string>() ?? error?["errorCode"]?.ToString() ?? response.ReasonPhrase ?? "error";
            throw new TeamsConnectorException((int)response.StatusCode, code);
        }

        return text;
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await tokenGate.WaitAsync(cancellationToken);
        try
        {
            if (cached is { } token && token.Until > clock.GetUtcNow())
            {
                return token.Token;
            }

            using var http = clients.CreateClient(ClientName);
            using var response = await http.PostAsync(options.Value.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = options.Value.AppId ?? "",
                ["client_secret"] = options.Value.AppPassword ?? "",
                ["scope"] = options.Value.TokenScope,
            }), cancellationToken);
            var answer = TryParse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (!response.IsSuccessStatusCode || answer?["access_token"]?.GetValue<string>() is not { } access)
            {
                throw new TeamsConnectorException((int)response.StatusCode, answer?["error"]?.ToString() ?? "token request failed");
            }

            var lifetime = TimeSpan.FromSeconds(answer["expires_in"]?.GetValue<int>() ?? 3600);
            // Refreshed five minutes early so a token never expires on the way.
            cached = (access, clock.GetUtcNow() + lifetime - TimeSpan.FromMinutes(5));
            return access;
        }
        finally
        {
            tokenGate.Release();
        }
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public void Dispose() => tokenGate.Dispose();
}
