using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.Chat.Slack;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>
/// The Slack bot against a loopback fake of Slack's Web API: request signing (Slack's official vector), the
/// published payloads, commands, buttons that update the card, retries that do not act twice, 429 Retry-After,
/// and paging by DM.
/// </summary>
public abstract class SlackUseCaseTests : IAsyncLifetime, IAsyncDisposable
{
    private protected const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private protected const string Team = "T1";
    private protected readonly LoopbackWebhookReceiver slack = new();
    private protected SlackApp app = null!;
    private protected HttpClient client = null!;
    private protected int messages;

    private protected sealed class SlackApp(string apiBase) : TestApp(new Dictionary<string, string?>
    {
        ["Slack:SigningSecret"] = Secret,
        ["Slack:BotToken"] = "xoxb-test-token",
        ["Slack:ApiBaseUrl"] = apiBase,
        ["Portal:BaseUrl"] = "https://incidents.example.com",
    });

    public Task InitializeAsync()
    {
        slack.Responder = request => request.Path switch
        {
            "/api/chat.postMessage" => new(200, $$"""{"ok":true,"channel":"{{JsonNode.Parse(request.Body)!["channel"]}}","ts":"1700000000.{{Interlocked.Increment(ref messages):000000}}"}"""),
            "/api/chat.update" => new(200, """{"ok":true}"""),
            "/api/conversations.open" => new(200, """{"ok":true,"channel":{"id":"D42"}}"""),
            _ => new(200, """{"ok":true}"""),
        };
        app = new SlackApp(slack.Url("/api/"));
        client = app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await slack.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private protected static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "slack", name)).TrimStart('\uFEFF');

    private protected async Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType, string? signature = null, long? timestamp = null, int? retry = null)
    {
        var ts = (timestamp ?? app.Clock.GetUtcNow().ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", signature ?? SlackSignature.Sign(Secret, ts, Encoding.UTF8.GetBytes(body)));
        if (retry is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return await client.SendAsync(request);
    }

    private protected static string Form(params (string Key, string Value)[] fields) =>
        string.Join("&", fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));

    private protected async Task<string> LinkedUserAsync(string slackUser, Role role)
    {
        var user = await app.CreateUserAsync($"{slackUser.ToLowerInvariant()}@example.com", role);
        await using var db = await app.NewDbContextAsync();
        db.ChatIdentities.Add(new ChatIdentity { Medium = ChatMedium.Slack, ExternalId = SlackBot.ExternalId(Team, slackUser), UserId = user.Id, LinkedAt = app.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>The published block_actions sample as <paramref name="slackUser"/> pressing Acknowledge on a card of the incident.</summary>
    private protected string AckPress(string slackUser, string messageTs, long incidentId)
    {
        var payload = JsonNode.Parse(Sample("interactivity-block_actions-button-message.json"))!;
        payload["user"]!["id"] = slackUser;
        payload["user"]!["team_id"] = Team;
        payload["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = "C1" };
        payload["response_url"] = slack.Url("/respond");
        payload["actions"]![0]!["action_id"] = SlackMessages.Ack;
        payload["actions"]![0]!["value"] = incidentId.ToString(CultureInfo.InvariantCulture);
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }

    private protected async Task<long> IncidentAsync(Severity severity = Severity.Sev3)
    {
        var service = await app.CreateServiceAsync($"svc-{Guid.NewGuid():N}"[..12]);
        var (impact, urgency) = severity == Severity.Sev3 ? (Impact.Medium, Urgency.Medium) : (Impact.Low, Urgency.Low);
        var (_, id) = await app.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident("Checkout errors", null, service, impact, urgency), Actor.System);
        return id!.Value;
    }

    private protected List<LoopbackWebhookReceiver.Request> Calls(string method) => slack.Received.Where(r => r.Path == $"/api/{method}").ToList();
}
