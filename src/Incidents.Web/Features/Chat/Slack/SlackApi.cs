using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat.Slack;

/// <summary>A Web API call answered <c>ok: false</c>; <see cref="Code"/> is Slack's error code.</summary>
internal sealed class SlackApiException(string method, string code) : Exception($"Slack {method} failed: {code}")
{
    public string Code { get; } = code;
}

/// <summary>
/// The Slack Web API methods the bot uses, over HttpClient: JSON bodies, the bot token as Bearer, HTTP 429 waited
/// out for its Retry-After (a few times), and <c>ok: false</c> raised with its error code.
/// </summary>
internal sealed partial class SlackApi(IHttpClientFactory clients, IOptions<SlackOptions> options, TimeProvider clock, ILogger<SlackApi> logger)
{
    public const string ClientName = "Slack";
    private const int MaxRateLimitWaits = 3;
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    /// <summary>Posts a message; returns (channel, ts), which identify it for chat.update.</summary>
    public async Task<(string Channel, string Ts)> PostMessageAsync(string channel, string text, JsonArray? blocks, string? threadTs = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["channel"] = channel, ["text"] = text };
        if (blocks is not null)
        {
            body["blocks"] = blocks;
        }

        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
        }

        var answer = await CallAsync("chat.postMessage", body, cancellationToken);
        return (answer["channel"]!.GetValue<string>(), answer["ts"]!.GetValue<string>());
    }

    public async Task UpdateMessageAsync(string channel, string ts, string text, JsonArray? blocks, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = text };
        if (blocks is not null)
        {
            body["blocks"] = blocks;
        }

        await CallAsync("chat.update", body, cancellationToken);
    }

    /// <summary>The direct-message channel with a user (conversations.open).</summary>
    public async Task<string> OpenDirectMessageAsync(string userId, CancellationToken cancellationToken = default)
    {
        var answer = await CallAsync("conversations.open", new JsonObject { ["users"] = userId }, cancellationToken);
        return answer["channel"]!["id"]!.GetValue<string>();
    }

    /// <summary>The Slack user with this email, or null (users.lookupByEmail answers users_not_found).</summary>
    public async Task<string?> LookupByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = await CallAsync("users.lookupByEmail", null, cancellationToken, new Dictionary<string, string> { ["email"] = email });
            return answer["user"]?["id"]?.GetValue<string>();
        }
        catch (SlackApiException ex) when (ex.Code == "users_not_found")
        {
            return null;
        }
    }

    /// <summary>A Slack user's email (users.info, scope users:read.email), to match them to a person; null when hidden.</summary>
    public async Task<string?> UserEmailAsync(string userId, CancellationToken cancellationToken = default)
    {
        var answer = await CallAsync("users.info", null, cancellationToken, new Dictionary<string, string> { ["user"] = userId });
        return answer["user"]?["profile"]?["email"]?.GetValue<string>();
    }

    /// <summary>POSTs JSON to a response_url (no token: the URL is the credential).</summary>
    public async Task RespondAsync(string responseUrl, JsonObject message, CancellationToken cancellationToken = default)
    {
        using var http = clients.CreateClient(ClientName);
        using var content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(responseUrl, content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonNode> CallAsync(string method, JsonObject? body, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? form = null)
    {
        using var http = clients.CreateClient(ClientName);
        var url = new Uri(new Uri(options.Value.ApiBaseUrl.TrimEnd('/') + "/"), method);
        for (var wait = 0; ; wait++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = form is not null
                    ? new FormUrlEncodedContent(form)
                    : new StringContent(body!.ToJsonString(), new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.BotToken);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && wait < MaxRateLimitWaits)
            {
                var delay = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                LogRateLimited(logger, method, delay.TotalSeconds);
                await Task.Delay(delay > LongestWait ? LongestWait : delay, clock, cancellationToken);
                continue;
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw new SlackApiException(method, "ratelimited");
            }

            response.EnsureSuccessStatusCode();
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) ?? throw new SlackApiException(method, "invalid_response");
            if (answer["ok"]?.GetValue<bool>() != true)
            {
                throw new SlackApiException(method, answer["error"]?.GetValue<string>() ?? "unknown_error");
            }

            return answer;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack rate-limited {Method}; waiting {Seconds} s as Retry-After asks")]
    private static partial void LogRateLimited(ILogger logger, string method, double seconds);
}
