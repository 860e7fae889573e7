using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.Chat.Slack;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.OnCall.Contacts;
using Incidents.Web.Features.OnCall.Paging;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>
/// The Slack bot against a loopback fake of Slack's Web API: request signing (Slack's official vector), the
/// published payloads, commands, buttons that update the card, retries that do not act twice, 429 Retry-After,
/// and paging by DM.
/// </summary>
public sealed class SlackTests : IAsyncLifetime, IAsyncDisposable
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Team = "T1";
    private readonly LoopbackWebhookReceiver slack = new();
    private SlackApp app = null!;
    private HttpClient client = null!;
    private int messages;

    private sealed class SlackApp(string apiBase) : TestApp(new Dictionary<string, string?>
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

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "slack", name)).TrimStart('\uFEFF');

    private async Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType, string? signature = null, long? timestamp = null, int? retry = null)
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

    private static string Form(params (string Key, string Value)[] fields) =>
        string.Join("&", fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));

    private async Task<string> LinkedUserAsync(string slackUser, Role role)
    {
        var user = await app.CreateUserAsync($"{slackUser.ToLowerInvariant()}@example.com", role);
        await using var db = await app.NewDbContextAsync();
        db.ChatIdentities.Add(new ChatIdentity { Medium = ChatMedium.Slack, ExternalId = SlackBot.ExternalId(Team, slackUser), UserId = user.Id, LinkedAt = app.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>The published block_actions sample as <paramref name="slackUser"/> pressing Acknowledge on a card of the incident.</summary>
    private string AckPress(string slackUser, string messageTs, long incidentId)
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

    private async Task<long> IncidentAsync(Severity severity = Severity.Sev3)
    {
        var service = await app.CreateServiceAsync($"svc-{Guid.NewGuid():N}"[..12]);
        var (impact, urgency) = severity == Severity.Sev3 ? (Impact.Medium, Urgency.Medium) : (Impact.Low, Urgency.Low);
        var (_, id) = await app.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident("Checkout errors", null, service, impact, urgency), Actor.System);
        return id!.Value;
    }

    private List<LoopbackWebhookReceiver.Request> Calls(string method) => slack.Received.Where(r => r.Path == $"/api/{method}").ToList();

    [Fact]
    public void Signature_OfficialTestVector_Matches()
    {
        var vector = JsonNode.Parse(Sample("signing-test-vector.json"))!;
        var body = Encoding.UTF8.GetBytes(vector["body"]!.GetValue<string>());
        var timestamp = vector["x_slack_request_timestamp"]!.GetValue<string>();
        var expected = vector["expected_x_slack_signature"]!.GetValue<string>();

        Assert.Equal(expected, SlackSignature.Sign(vector["signing_secret"]!.GetValue<string>(), timestamp, body));
        Assert.True(SlackSignature.IsValid(Secret, timestamp, expected, body, DateTimeOffset.FromUnixTimeSeconds(1531420618)));
        Assert.False(SlackSignature.IsValid(Secret, timestamp, expected, body, DateTimeOffset.FromUnixTimeSeconds(1531420618 + 301)));
        Assert.False(SlackSignature.IsValid(Secret, timestamp, expected.Replace("v0=", "v1=", StringComparison.Ordinal), body, DateTimeOffset.FromUnixTimeSeconds(1531420618)));
    }

    [Theory]
    [InlineData("/api/slack/commands", "bad")]
    [InlineData("/api/slack/events", "bad")]
    [InlineData("/api/slack/interactions", "bad")]
    [InlineData("/api/slack/commands", "stale")]
    public async Task BadOrStaleSignature_401AndNothingHappens(string path, string kind)
    {
        var userId = await LinkedUserAsync("U1", Role.Responder);
        var body = path.EndsWith("commands", StringComparison.Ordinal)
            ? Form(("team_id", Team), ("user_id", "U1"), ("channel_id", "C1"), ("text", "declare Everything is on fire sev1"), ("command", "/incident"))
            : path.EndsWith("events", StringComparison.Ordinal) ? Sample("events-event_callback-app_mention.older-authed_users.json") : "payload=" + Uri.EscapeDataString(Sample("interactivity-block_actions-button-message.json"));
        var contentType = path.EndsWith("events", StringComparison.Ordinal) ? "application/json" : "application/x-www-form-urlencoded";

        var response = kind == "bad"
            ? await PostSignedAsync(path, body, contentType, signature: "v0=" + new string('0', 64))
            : await PostSignedAsync(path, body, contentType, timestamp: app.Clock.GetUtcNow().AddMinutes(-6).ToUnixTimeSeconds());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(0, await db.Incidents.CountAsync());
        Assert.Equal(0, await db.ChatInbound.CountAsync());
        Assert.Empty(slack.Received);
        Assert.NotNull(userId);
    }

    [Fact]
    public async Task UrlVerification_PublishedSample_ChallengeEchoed()
    {
        var response = await PostSignedAsync("/api/slack/events", Sample("events-url_verification.json"), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = JsonNode.Parse(Sample("events-url_verification.json"))!["challenge"]!.GetValue<string>();
        Assert.Equal(expected, (await response.Content.ReadFromJsonAsync<JsonObject>())!["challenge"]!.GetValue<string>());
    }

    [Fact]
    public async Task SlashCommand_PublishedSamples_AnsweredWithUsageForUnknownPeople()
    {
        foreach (var sample in new[] { Sample("botbuilder-slack-adapter-test-SlashCommandBody.txt"), JsonNode.Parse(Sample("signing-test-vector.json"))!["body"]!.GetValue<string>() })
        {
            var response = await PostSignedAsync("/api/slack/commands", sample, "application/x-www-form-urlencoded");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("ephemeral", answer["response_type"]!.GetValue<string>());
            Assert.StartsWith("Commands:", answer["text"]!.GetValue<string>(), StringComparison.Ordinal); // empty text = help
        }
    }

    [Fact]
    public async Task SlashCommand_Declare_PostsACardTheBotCanUpdate()
    {
        await app.CreateServiceAsync("checkout-api");
        await LinkedUserAsync("U1", Role.Responder);

        var response = await PostSignedAsync("/api/slack/commands", Form(("team_id", Team), ("user_id", "U1"), ("channel_id", "C1"),
            ("command", "/incident"), ("text", "declare Checkout is down sev2 checkout-api"), ("response_url", slack.Url("/respond"))), "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var post = Assert.Single(Calls("chat.postMessage"));
        Assert.Equal("Bearer xoxb-test-token", post.Headers["Authorization"]);
        Assert.StartsWith("application/json", post.Headers["Content-Type"], StringComparison.Ordinal);
        var body = JsonNode.Parse(post.Body)!;
        Assert.Equal("C1", body["channel"]!.GetValue<string>());
        var actions = body["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();
        Assert.Equal(["incident_ack", "incident_escalate", "incident_resolve", "incident_open"], actions.Select(a => a!["action_id"]!.GetValue<string>()));
        await using var db = await app.NewDbContextAsync();
        var incident = await db.Incidents.SingleAsync();
        Assert.Equal(Severity.Sev2, incident.Severity);
        Assert.Equal(incident.Id, (await db.ChatMessages.SingleAsync()).IncidentId);
    }

    [Theory]
    [InlineData("type", "5")]
    [InlineData("type", "{\"a\":1}")]
    [InlineData("event_id", "12345")]
    [InlineData("event_id", "[\"Ev1\"]")]
    public async Task Event_SignedButFieldOfWrongType_400NotA500(string field, string json)
    {
        var body = JsonNode.Parse(Sample("events-event_callback-app_mention.older-authed_users.json"))!.AsObject();
        body[field] = JsonNode.Parse(json);

        var response = await PostSignedAsync("/api/slack/events", body.ToJsonString(), "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = await app.NewDbContextAsync();
        Assert.False(await db.ChatInbound.AnyAsync());
    }

    [Fact]
    public async Task Event_SignedWithInvalidUtf8_400()
    {
        var body = """{"type":"event_callback","event_id":"Ev\ud800","event":{}}""";

        var response = await PostSignedAsync("/api/slack/events", body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Event_SlackRetry_StoredOnceWithoutAnErrorLogLine()
    {
        var body = Sample("events-event_callback-app_mention.older-authed_users.json");

        var first = await PostSignedAsync("/api/slack/events", body, "application/json");
        var retried = await PostSignedAsync("/api/slack/events", body, "application/json", retry: 1);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(1, await db.ChatInbound.CountAsync());
        Assert.DoesNotContain(app.Logs, l => l.StartsWith("Error Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Button_Acknowledge_IncidentAcknowledgedTimelineStampedCardUpdated()
    {
        await LinkedUserAsync("U1", Role.Responder);
        var id = await IncidentAsync();
        var body = AckPress("U1", "1700000000.000001", id);

        var first = await PostSignedAsync("/api/slack/interactions", body, "application/x-www-form-urlencoded");
        var retried = await PostSignedAsync("/api/slack/interactions", body, "application/x-www-form-urlencoded", retry: 1);
        await Eventually.UntilAsync(() => Calls("chat.update").Count > 0, "the card to be updated");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await using var db = await app.NewDbContextAsync();
        var incident = await db.Incidents.Include(i => i.Timeline).SingleAsync(i => i.Id == id);
        Assert.Equal(IncidentStatus.Acknowledged, incident.Status);
        Assert.Single(incident.Timeline, t => t.Kind == TimelineKind.Acknowledged && t.ActorName == "u1");
        var update = JsonNode.Parse(Calls("chat.update")[0].Body)!;
        Assert.Equal("1700000000.000001", update["ts"]!.GetValue<string>());
        Assert.Contains("Status: *Acknowledged*", update["blocks"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SlackMessages.Ack, update["blocks"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, await db.ChatInbound.CountAsync());
    }

    [Fact]
    public async Task Button_AcknowledgeByADeveloperOnTheOwningTeam_Acknowledged()
    {
        var developer = await LinkedUserAsync("U7", Role.Developer);
        var id = await IncidentAsync();
        await using (var setup = await app.NewDbContextAsync())
        {
            await app.JoinOwningTeamAsync(await setup.Incidents.Where(i => i.Id == id).Select(i => i.ServiceId).SingleAsync(), developer);
        }

        var response = await PostSignedAsync("/api/slack/interactions", AckPress("U7", "1700000000.000007", id), "application/x-www-form-urlencoded");
        await Eventually.UntilAsync(() => Calls("chat.update").Count > 0, "the card to be updated");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await app.NewDbContextAsync();
        var incident = await db.Incidents.Include(i => i.Timeline).SingleAsync(i => i.Id == id);
        Assert.Equal(IncidentStatus.Acknowledged, incident.Status);
        Assert.Single(incident.Timeline, t => t.Kind == TimelineKind.Acknowledged && t.ActorName == "u7");
    }

    [Fact]
    public async Task Button_ByViewer_RefusedEphemerallyAndNothingChanged()
    {
        await LinkedUserAsync("U2", Role.Viewer);
        var id = await IncidentAsync();
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U2", ["team_id"] = Team },
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1700000000.000009", ["channel_id"] = "C1" },
            ["trigger_id"] = "trigger-2",
            ["response_url"] = slack.Url("/respond"),
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = SlackMessages.Resolve, ["value"] = id.ToString(CultureInfo.InvariantCulture), ["action_ts"] = "1" }),
        };

        await PostSignedAsync("/api/slack/interactions", "payload=" + Uri.EscapeDataString(payload.ToJsonString()), "application/x-www-form-urlencoded");
        await Eventually.UntilAsync(() => slack.Received.Any(r => r.Path == "/respond"), "the refusal");

        Assert.Contains("You may not do that", slack.Received.Single(r => r.Path == "/respond").Body, StringComparison.Ordinal);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(IncidentStatus.Triggered, (await db.Incidents.SingleAsync(i => i.Id == id)).Status);
    }

    [Fact]
    public async Task AppMention_PublishedSample_RetryDoesNotActTwice_ReplyInThread()
    {
        await LinkedUserAsync("U123ABC456", Role.Responder);
        var mention = JsonNode.Parse(Sample("events-event_callback-app_mention.older-authed_users.json"))!;
        mention["team_id"] = Team;
        mention["event"]!["text"] = "<@U0LAN0Z89> list";

        await PostSignedAsync("/api/slack/events", mention.ToJsonString(), "application/json");
        await PostSignedAsync("/api/slack/events", mention.ToJsonString(), "application/json", retry: 1);
        await Eventually.UntilAsync(() => Calls("chat.postMessage").Count > 0, "the reply");
        await Task.Delay(200);

        var reply = JsonNode.Parse(Assert.Single(Calls("chat.postMessage")).Body)!;
        Assert.Equal("C123ABC456", reply["channel"]!.GetValue<string>());
        Assert.Equal("1515449522.000016", reply["thread_ts"]!.GetValue<string>());
        Assert.Equal("No open incidents.", reply["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task WebApi_RateLimited_WaitsForRetryAfterThenSucceeds()
    {
        var calls = 0;
        slack.Responder = request => Interlocked.Increment(ref calls) == 1
            ? new(429, """{"ok":false,"error":"ratelimited"}""", new Dictionary<string, string> { ["Retry-After"] = "1" })
            : new(200, """{"ok":true,"channel":"C1","ts":"1.2"}""");
        var api = app.Services.GetRequiredService<SlackApi>();

        var posting = api.PostMessageAsync("C1", "hello", null);
        await Eventually.UntilAsync(() => Volatile.Read(ref calls) == 1, "the first call");
        // Waiting out Retry-After on the app's clock: nothing is sent again until a second has passed.
        app.Clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(1, Volatile.Read(ref calls));
        await Eventually.UntilAsync(() =>
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(100));
            return posting.IsCompleted;
        }, "the retry");

        Assert.Equal(("C1", "1.2"), await posting);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task WebApi_OkFalse_RaisedWithItsCode()
    {
        slack.Responder = _ => new(200, Sample("webapi-chat.postMessage-response-error.json"));

        var error = await Assert.ThrowsAsync<SlackApiException>(() => app.Services.GetRequiredService<SlackApi>().PostMessageAsync("C1", "hello", null));

        Assert.Equal(JsonNode.Parse(Sample("webapi-chat.postMessage-response-error.json"))!["error"]!.GetValue<string>(), error.Code);
    }

    [Fact]
    public async Task Page_BySlackDm_CardPostedToTheDmChannel_ThenUpdatedWhenAcknowledged()
    {
        var ana = await LinkedUserAsync("U1", Role.Responder);
        var (_, method) = await app.Services.GetRequiredService<ManageContacts>().AddMethodAsync(ana, ContactKind.Slack, "U1", null, Actor.System);
        await app.Services.GetRequiredService<ManageContacts>().AddRuleAsync(ana, method!.Value, 0, Actor.System);
        var id = await IncidentAsync();

        var paged = await app.Services.GetRequiredService<PageSomeone>().HandleAsync(id, new PageTarget(PageTargetKind.Person, ana), null, Actor.System);
        await app.Services.GetRequiredService<PagingDispatcher>().RunOnceAsync();

        Assert.True(paged.Succeeded, paged.Error);
        Assert.Equal("U1", JsonNode.Parse(Assert.Single(Calls("conversations.open")).Body)!["users"]!.GetValue<string>());
        Assert.Equal("D42", JsonNode.Parse(Assert.Single(Calls("chat.postMessage")).Body)!["channel"]!.GetValue<string>());

        await app.Services.GetRequiredService<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Acknowledge, new Actor(ana, "ana"));
        await Eventually.UntilAsync(() => Calls("chat.update").Any(c => c.Body.Contains("Status: *Acknowledged*", StringComparison.Ordinal)), "the DM card to follow the incident");
        var update = JsonNode.Parse(Calls("chat.update")[^1].Body)!;
        Assert.Equal("D42", update["channel"]!.GetValue<string>());
        Assert.Contains("You are paged", update["blocks"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/slack/events", "events-url_verification.json", "application/json")]
    [InlineData("/api/slack/events", "botbuilder-slack-adapter-test-URLVerificationBody.json", "application/json")]
    [InlineData("/api/slack/events", "events-app_rate_limited.json", "application/json")]
    [InlineData("/api/slack/events", "events-event_callback-app_mention.older-authed_users.json", "application/json")]
    [InlineData("/api/slack/events", "botbuilder-slack-adapter-test-MessageBody.json", "application/json")]
    [InlineData("/api/slack/interactions", "botbuilder-slack-adapter-test-BlockActionsBody.txt", "application/x-www-form-urlencoded")]
    [InlineData("/api/slack/commands", "botbuilder-slack-adapter-test-SlashCommandBody.txt", "application/x-www-form-urlencoded")]
    [InlineData("/api/slack/commands", "signing-test-vector.body.raw", "application/x-www-form-urlencoded")]
    public async Task EveryPublishedInboundSample_Accepted(string path, string sample, string contentType)
    {
        var response = await PostSignedAsync(path, Sample(sample), contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DirectMessage_PublishedSample_AnsweredInTheIm()
    {
        await PostSignedAsync("/api/slack/events", Sample("botbuilder-slack-adapter-test-MessageBody.json"), "application/json");
        await Eventually.UntilAsync(() => Calls("chat.postMessage").Count > 0, "the reply");

        var reply = JsonNode.Parse(Calls("chat.postMessage")[0].Body)!;
        Assert.Equal("channelId", reply["channel"]!.GetValue<string>());
        Assert.Null(reply["thread_ts"]);
        Assert.Equal("I don't know `Hello`. Try `help`.", reply["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task WebApi_PublishedResponses_Understood()
    {
        slack.Responder = request => request.Path == "/api/chat.postMessage"
            ? new(200, Sample("webapi-chat.postMessage-response-ok.json"))
            : new(200, Sample("webapi-chat.update-response-error.openapi-example.json"));
        var api = app.Services.GetRequiredService<SlackApi>();
        var ok = JsonNode.Parse(Sample("webapi-chat.postMessage-response-ok.json"))!;

        var posted = await api.PostMessageAsync("C1", "hello", null);
        var error = await Assert.ThrowsAsync<SlackApiException>(() => api.UpdateMessageAsync("C1", "1.1", "hello", null));

        Assert.Equal((ok["channel"]!.GetValue<string>(), ok["ts"]!.GetValue<string>()), posted);
        Assert.Equal(JsonNode.Parse(Sample("webapi-chat.update-response-error.openapi-example.json"))!["error"]!.GetValue<string>(), error.Code);
    }

    [Fact]
    public async Task UnlinkedUser_MatchedByTheEmailSlackHas()
    {
        await app.CreateUserAsync("ana@example.com", Role.Responder);
        var fallback = slack.Responder!;
        slack.Responder = request => request.Path == "/api/users.info"
            ? new(200, """{"ok":true,"user":{"id":"U7","profile":{"email":"ANA@example.com"}}}""")
            : fallback(request);

        var response = await PostSignedAsync("/api/slack/commands", Form(("team_id", Team), ("user_id", "U7"), ("channel_id", "C1"), ("text", "list")), "application/x-www-form-urlencoded");

        Assert.Equal("No open incidents.", (await response.Content.ReadFromJsonAsync<JsonObject>())!["text"]!.GetValue<string>());
        Assert.Contains("user=U7", slack.Received.Single(r => r.Path == "/api/users.info").Body, StringComparison.Ordinal);
        var person = await app.Services.GetRequiredService<ChatPeople>().FindAsync(ChatMedium.Slack, SlackBot.ExternalId(Team, "U7"));
        Assert.Equal("ana", person!.Name);
    }

    [Fact]
    public async Task NewSev2_PostedToTheTeamsSlackChannel_Once()
    {
        var teams = app.Services.GetRequiredService<Incidents.Web.Features.Catalog.Teams.ManageTeams>();
        var services = app.Services.GetRequiredService<Incidents.Web.Features.Catalog.Services.ManageServices>();
        var (_, team) = await teams.SaveAsync(null, new("Payments", "C0PAYMENTS", []), Actor.System);
        var (_, service) = await services.SaveAsync(null, new("Checkout", "checkout", team!.Value, Incidents.Domain.Catalog.ServiceTier.Tier1, 99.9m, null, Incidents.Domain.Catalog.SlaTarget.Defaults), Actor.System);
        var log = app.Services.GetRequiredService<LogIncident>();

        var (_, sev2) = await log.HandleAsync(new NewIncident("Payments failing", null, service!.Value, Impact.High, Urgency.Medium), Actor.System);
        await log.HandleAsync(new NewIncident("Typo on receipt", null, service.Value, Impact.Low, Urgency.Low), Actor.System);
        await app.Services.GetRequiredService<ChangeIncidentStatus>().HandleAsync(sev2!.Value, StatusAction.Acknowledge, Actor.System);
        await Eventually.UntilAsync(() => Calls("chat.postMessage").Count > 0 && Calls("chat.update").Count > 0, "the team post and its update");

        var post = JsonNode.Parse(Assert.Single(Calls("chat.postMessage")).Body)!;
        Assert.Equal("C0PAYMENTS", post["channel"]!.GetValue<string>());
        Assert.Contains($"INC-{sev2}", post["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_BySlackEmail_LookedUpThenDm()
    {
        var ana = await LinkedUserAsync("U1", Role.Responder);
        var fallback = slack.Responder!;
        slack.Responder = request => request.Path == "/api/users.lookupByEmail"
            ? new(200, """{"ok":true,"user":{"id":"U1"}}""")
            : fallback(request);
        var (_, method) = await app.Services.GetRequiredService<ManageContacts>().AddMethodAsync(ana, ContactKind.Slack, "ana.slack@example.com", null, Actor.System);
        await app.Services.GetRequiredService<ManageContacts>().AddRuleAsync(ana, method!.Value, 0, Actor.System);
        var id = await IncidentAsync();

        await app.Services.GetRequiredService<PageSomeone>().HandleAsync(id, new PageTarget(PageTargetKind.Person, ana), null, Actor.System);
        await app.Services.GetRequiredService<PagingDispatcher>().RunOnceAsync();

        Assert.Contains("email=ana.slack%40example.com", slack.Received.Single(r => r.Path == "/api/users.lookupByEmail").Body, StringComparison.Ordinal);
        Assert.Equal("U1", JsonNode.Parse(Assert.Single(Calls("conversations.open")).Body)!["users"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewInvitation_DmAndTeamChannelWithRsvpButtons_PressingAcceptRecordsIt()
    {
        var bob = await LinkedUserAsync("U7", Role.Developer);
        var ana = await app.CreateUserAsync("ana@example.com", Role.Responder);
        var serviceId = await app.CreateServiceAsync("ledger");
        await using (var db = await app.NewDbContextAsync())
        {
            var team = await db.Teams.Include(t => t.Members).SingleAsync();
            team.SetMembers([bob]);
            team.ChatChannel = "C0TEAM";
            await db.SaveChangesAsync();
        }

        var (_, postmortemId) = await Postmortems.PostmortemScenario.ResolvedAsync(app, serviceId, new Actor(ana.Id, "ana"));
        var (scheduled, meetingId) = await app.Services.GetRequiredService<Web.Features.Postmortems.Meeting.ScheduleReview>().ScheduleAsync(postmortemId!.Value,
            new(app.Clock.GetUtcNow().AddDays(2), 60, null, "https://meet.example/x", [ana.Id, bob]), new Actor(ana.Id, "ana"));
        Assert.True(scheduled.Succeeded, scheduled.Error);

        await app.Services.GetRequiredService<Web.Features.Postmortems.Meeting.SendInvitations>().RunOnceAsync();

        // Ana is found by her email, Bob by his linked member id; the team's channel gets the invitation too.
        Assert.Contains(Calls("users.lookupByEmail"), c => c.Body.Contains("ana%40example.com", StringComparison.Ordinal) || c.RawTarget.Contains("ana%40example.com", StringComparison.Ordinal));
        Assert.Contains(Calls("conversations.open"), c => c.Body.Contains("U7", StringComparison.Ordinal));
        var posts = Calls("chat.postMessage").Select(c => JsonNode.Parse(c.Body)!).ToList();
        Assert.Contains(posts, p => p["channel"]!.GetValue<string>() == "C0TEAM");
        var dm = posts.First(p => p["channel"]!.GetValue<string>() == "D42");
        var buttons = dm["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();
        Assert.Equal([$"rsvp {meetingId} accept", $"rsvp {meetingId} tentative", $"rsvp {meetingId} decline"],
            buttons.Where(b => b!["value"] is not null).Select(b => b!["value"]!.GetValue<string>()));

        var press = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U7", ["team_id"] = Team },
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1700000000.000001", ["channel_id"] = "D42" },
            ["trigger_id"] = "trigger-rsvp",
            ["response_url"] = slack.Url("/respond"),
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = buttons[0]!["action_id"]!.GetValue<string>(), ["value"] = buttons[0]!["value"]!.GetValue<string>(), ["action_ts"] = "1" }),
        };
        var response = await PostSignedAsync("/api/slack/interactions", "payload=" + Uri.EscapeDataString(press.ToJsonString()), "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.UntilAsync(() => slack.Received.Any(r => r.Path == "/respond"), "the confirmation");
        Assert.Contains("you accepted the review of INC-", slack.Received.Single(r => r.Path == "/respond").Body, StringComparison.Ordinal);
        await using var check = await app.NewDbContextAsync();
        var invitee = (await check.ReviewMeetings.Include(m => m.Invitees).SingleAsync()).Invitees.Single(i => i.UserId == bob);
        Assert.Equal((Domain.Postmortems.Rsvp.Accepted, "Slack"), (invitee.Response, invitee.RespondedVia));
    }
}
