using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.OnCall.Contacts;
using Incidents.Web.Features.OnCall.Paging;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>
/// The Teams bot against a loopback fake Bot Connector with its own OpenID metadata, signing keys (one endorsed
/// for msteams, one not) and token endpoint: JWT validation, replies, Action.Execute, card updates and paging.
/// </summary>
public sealed class TeamsTests : IAsyncLifetime, IAsyncDisposable
{
    private const string AppId = "00000000-app0-0000-0000-000000000001";
    private const string Issuer = "https://api.botframework.com";
    private const string Aad = "7faf8ab2-3d56-4244-b585-20c8a42ed2b8";
    private readonly RSA endorsedKey = RSA.Create(2048);
    private readonly RSA skypeOnlyKey = RSA.Create(2048);
    private readonly LoopbackWebhookReceiver connector = new();
    private TeamsApp app = null!;
    private HttpClient client = null!;
    private int tokenRequests;

    private sealed class TeamsApp(string fake) : TestApp(new Dictionary<string, string?>
    {
        ["Teams:AppId"] = AppId,
        ["Teams:AppPassword"] = "bot-secret",
        ["Teams:OpenIdMetadataUrl"] = fake + "openid",
        ["Teams:TokenEndpoint"] = fake + "token",
        ["Portal:BaseUrl"] = "https://incidents.example.com",
    });

    public Task InitializeAsync()
    {
        connector.Responder = request => (request.Method, request.Path) switch
        {
            ("GET", "/openid") => new(200, $$"""{"issuer":"{{Issuer}}","jwks_uri":"{{connector.Url("keys")}}","id_token_signing_alg_values_supported":["RS256"]}"""),
            ("GET", "/keys") => new(200, new JsonObject { ["keys"] = new JsonArray(Jwk(endorsedKey, "k1", "msteams"), Jwk(skypeOnlyKey, "k2", "skype")) }.ToJsonString()),
            ("POST", "/token") => Token(),
            ("POST", "/v3/conversations") => new(200, """{"id":"a:new-personal-chat"}"""),
            ("POST", _) => new(200, $$"""{"id":"activity-{{connector.Received.Count}}"}"""),
            ("PUT", _) => new(200, """{"id":"updated"}"""),
            _ => new(404, "{}"),
        };
        app = new TeamsApp(connector.Url("/"));
        client = app.CreateClient();
        return Task.CompletedTask;
    }

    private LoopbackWebhookReceiver.Answer Token()
    {
        Interlocked.Increment(ref tokenRequests);
        return new(200, """{"token_type":"Bearer","expires_in":3600,"ext_expires_in":3600,"access_token":"bot-token-1"}""");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await connector.DisposeAsync();
        endorsedKey.Dispose();
        skypeOnlyKey.Dispose();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private static JsonObject Jwk(RSA rsa, string kid, string endorsement)
    {
        var p = rsa.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = kid,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["endorsements"] = new JsonArray(endorsement),
        };
    }

    private string Jwt(string? serviceUrl = null, string issuer = Issuer, string audience = AppId, RSA? key = null, string kid = "k1", TimeSpan? expiresIn = null)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now.AddMinutes(-1),
            Expires = now + (expiresIn ?? TimeSpan.FromMinutes(30)),
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl ?? connector.Url("/"))]),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? endorsedKey) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        });
    }

    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "teams", name));

    private JsonNode Activity(string sample, string? text = null)
    {
        var activity = JsonNode.Parse(Sample(sample))!;
        activity["serviceUrl"] = connector.Url("/");
        if (text is not null)
        {
            activity["text"] = text;
        }

        return activity;
    }

    private async Task<HttpResponseMessage> PostAsync(JsonNode activity, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/teams/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The personal-chat sample as an Action.Execute "ack" pressed on the card <paramref name="replyToId"/>.</summary>
    private JsonNode AckInvoke(long incidentId, string replyToId)
    {
        var invoke = Activity("teams-message-personal-incoming.json");
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["replyToId"] = replyToId;
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "ack", ["data"] = new JsonObject { ["incidentId"] = incidentId.ToString(CultureInfo.InvariantCulture) } },
            ["trigger"] = "manual",
        };
        return invoke;
    }

    private async Task LinkAsync(string email, Role role)
    {
        var user = await app.CreateUserAsync(email, role);
        await using var db = await app.NewDbContextAsync();
        db.ChatIdentities.Add(new ChatIdentity { Medium = ChatMedium.Teams, ExternalId = Aad, UserId = user.Id, LinkedAt = app.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    private List<LoopbackWebhookReceiver.Request> ConnectorCalls(string method) =>
        connector.Received.Where(r => r.Method == method && r.Path.StartsWith("/v3/", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task PersonalMessage_PublishedSample_RepliedThroughTheConnectorWithACachedToken()
    {
        var first = await PostAsync(Activity("teams-message-personal-incoming.json", "help"), Jwt());
        var second = await PostAsync(Activity("teams-message-personal-incoming.json", "oncall") is var a && a is not null ? Tweak(a, "id", "1485983408512") : a!, Jwt());
        await Eventually.UntilAsync(() => ConnectorCalls("POST").Count == 2, "two replies");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var reply = ConnectorCalls("POST").Single(c => c.Path.EndsWith("/activities/1485983408511", StringComparison.Ordinal));
        // The conversation id is escaped as a path segment (Teams ids contain ':').
        Assert.StartsWith("/v3/conversations/a%3A17I0kl9EkpE1O9PH5TWrzrLNwnWWcfrU7QZjKR0WSfOpzbfcAg2IaydGElSo10tVr4C7Fc6GtieTJX663WuJCc1uA83n4CSrHSgGBj5XNYLcVlJAs2ZX8DbYBPck201w-/activities/", reply.RawTarget, StringComparison.Ordinal);
        Assert.Equal("Bearer bot-token-1", reply.Headers["Authorization"]);
        Assert.StartsWith("Commands:", JsonNode.Parse(reply.Body)!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var tokenCall = connector.Received.Single(r => r.Path == "/token");
        Assert.Contains("grant_type=client_credentials", tokenCall.Body, StringComparison.Ordinal);
        Assert.Contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default", tokenCall.Body, StringComparison.Ordinal);
        Assert.Equal(1, tokenRequests);
    }

    private static JsonNode Tweak(JsonNode node, string field, string value)
    {
        node[field] = value;
        return node;
    }

    public static TheoryData<string, int> BadTokens() => new()
    {
        { "missing", 401 },
        { "issuer", 401 },
        { "audience", 401 },
        { "expired", 401 },
        { "unendorsed", 403 },
        { "serviceUrl", 403 },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task BadJwt_RejectedAndNothingChanged(string kind, int status)
    {
        var token = kind switch
        {
            "missing" => null,
            "issuer" => Jwt(issuer: "https://evil.example.com"),
            "audience" => Jwt(audience: "someone-else"),
            "expired" => Jwt(expiresIn: TimeSpan.FromMinutes(-6)),
            "unendorsed" => Jwt(key: skypeOnlyKey, kid: "k2"),
            _ => Jwt(serviceUrl: "https://smba.trafficmanager.net/amer/"),
        };

        var response = await PostAsync(Activity("teams-message-personal-incoming.json", "declare Everything is down sev1"), token);

        Assert.Equal(status, (int)response.StatusCode);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(0, await db.TeamsConversations.CountAsync());
        Assert.Equal(0, await db.ChatInbound.CountAsync());
        Assert.Equal(0, await db.Incidents.CountAsync());
        Assert.Empty(ConnectorCalls("POST"));
    }

    [Fact]
    public async Task ConversationUpdate_BotAddedToTeam_ReferenceStored()
    {
        var response = await PostAsync(Activity("teams-conversationUpdate-bot-added-to-team.json"), Jwt());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await app.NewDbContextAsync();
        var stored = await db.TeamsConversations.SingleAsync();
        Assert.Equal("19:efa9296d959346209fea44151c742e73@thread.skype", stored.ConversationId);
        Assert.Equal("channel", stored.Type);
        Assert.Equal(connector.Url("/"), stored.ServiceUrl);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ActionExecute_AcknowledgeByADeveloper_AllowedOnlyOnTheOwningTeam(bool onTeam)
    {
        await LinkAsync("dev@example.com", Role.Developer);
        var service = await app.CreateServiceAsync("checkout");
        if (onTeam)
        {
            await using var setup = await app.NewDbContextAsync();
            await app.JoinOwningTeamAsync(service, await setup.Users.Where(u => u.Email == "dev@example.com").Select(u => u.Id).SingleAsync());
        }

        var (_, id) = await app.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident("Checkout errors", null, service, Impact.Medium, Urgency.Medium), Actor.System);
        var response = await PostAsync(AckInvoke(id!.Value, "card-message-2"), Jwt());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!.ToJsonString();
        await using var db = await app.NewDbContextAsync();
        var incident = await db.Incidents.SingleAsync();
        Assert.Equal(onTeam ? IncidentStatus.Acknowledged : IncidentStatus.Triggered, incident.Status);
        Assert.Equal(!onTeam, body.Contains("You may not do that: acknowledging", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ActionExecute_Acknowledge_InvokeResponseCarriesTheRefreshedCard_LaterChangesUpdateIt()
    {
        await LinkAsync("megan@example.com", Role.Responder);
        var service = await app.CreateServiceAsync("checkout");
        var (_, id) = await app.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident("Checkout errors", null, service, Impact.Medium, Urgency.Medium), Actor.System);
        var response = await PostAsync(AckInvoke(id!.Value, "card-message-1"), Jwt());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal("1.5", body["value"]!["version"]!.GetValue<string>());
        Assert.Contains("\"Acknowledged\"", body["value"]!.ToJsonString(), StringComparison.Ordinal);
        await using (var db = await app.NewDbContextAsync())
        {
            var incident = await db.Incidents.Include(i => i.Timeline).SingleAsync();
            Assert.Equal(IncidentStatus.Acknowledged, incident.Status);
            Assert.Contains(incident.Timeline, t => t.Kind == TimelineKind.Acknowledged && t.ActorName == "megan");
        }

        await app.Services.GetRequiredService<ChangeIncidentStatus>().HandleAsync(id.Value, StatusAction.Resolve, Actor.System);
        // The acknowledgement itself may refresh the card first; the resolve must reach it too.
        await Eventually.UntilAsync(() => ConnectorCalls("PUT").Any(c => c.Body.Contains("\"Resolved\"", StringComparison.Ordinal)), "the card to show the resolve");
        var update = ConnectorCalls("PUT").First(c => c.Body.Contains("\"Resolved\"", StringComparison.Ordinal));
        Assert.EndsWith("/activities/card-message-1", update.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownInvoke_501()
    {
        var invoke = Activity("teams-message-personal-incoming.json");
        invoke["type"] = "invoke";
        invoke["name"] = "composeExtension/query";

        Assert.Equal(HttpStatusCode.NotImplemented, (await PostAsync(invoke, Jwt())).StatusCode);
    }

    [Fact]
    public async Task Page_ByTeams_CardSentToThePersonalChat()
    {
        await PostAsync(Activity("teams-message-personal-incoming.json", "help"), Jwt());
        var user = await app.CreateUserAsync("megan@example.com", Role.Responder);
        var contacts = app.Services.GetRequiredService<ManageContacts>();
        var (_, method) = await contacts.AddMethodAsync(user.Id, ContactKind.Teams, Aad, null, Actor.System);
        await contacts.AddRuleAsync(user.Id, method!.Value, 0, Actor.System);
        var service = await app.CreateServiceAsync("checkout");
        var (_, id) = await app.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident("Checkout errors", null, service, Impact.Low, Urgency.Low), Actor.System);
        await Eventually.UntilAsync(() => ConnectorCalls("POST").Count == 1, "the help reply");

        await app.Services.GetRequiredService<PageSomeone>().HandleAsync(id!.Value, new PageTarget(PageTargetKind.Person, user.Id), null, Actor.System);
        await app.Services.GetRequiredService<PagingDispatcher>().RunOnceAsync();

        var page = ConnectorCalls("POST").Last();
        Assert.EndsWith("/activities", page.Path, StringComparison.Ordinal);
        var activity = JsonNode.Parse(page.Body)!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", activity["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.True(activity["channelData"]!["notification"]!["alert"]!.GetValue<bool>());
        Assert.Contains("Action.Execute", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelMessage_PublishedSampleWithMention_MentionStrippedReplyInTheThread()
    {
        var response = await PostAsync(Activity("teams-message-channel-with-mention.json"), Jwt());
        await Eventually.UntilAsync(() => ConnectorCalls("POST").Count > 0, "the reply");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = ConnectorCalls("POST")[0];
        Assert.Equal("/v3/conversations/19%3Aaebd0ad4d6ab42c8b9ed19c251c2fc37%40thread.skype%3Bmessageid%3D1481567603816/activities", reply.RawTarget);
        Assert.Equal("I don't know `Hey`. Try `help`.", JsonNode.Parse(reply.Body)!["text"]!.GetValue<string>());
    }

    [Fact]
    public void CardActivity_HasThePublishedNotificationShape()
    {
        var published = JsonNode.Parse(Sample("teams-message-outgoing-notification-alert.json"))!;
        var incident = new ChatIncident(7, "Checkout down", Severity.Sev1, IncidentStatus.Triggered, "Checkout", null, new Uri("https://incidents.example.com/incidents/7"));

        var ours = Web.Features.Chat.Teams.TeamsCards.CardActivity(incident, "You are paged:", alert: true);

        Assert.Equal(published["type"]!.GetValue<string>(), ours["type"]!.GetValue<string>());
        Assert.Equal(published["channelData"]!["notification"]!["alert"]!.GetValue<bool>(), ours["channelData"]!["notification"]!["alert"]!.GetValue<bool>());
        Assert.Equal("SEV1 INC-7 Checkout down", ours["summary"]!.GetValue<string>());
        var card = ours["attachments"]![0]!["content"]!;
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Equal(["Action.Execute", "Action.Execute", "Action.Execute", "Action.OpenUrl"], card["actions"]!.AsArray().Select(a => a!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task NewSev2_PostedAsANewThreadInTheTeamsChannel()
    {
        await PostAsync(Activity("teams-conversationUpdate-bot-added-to-team.json"), Jwt());
        const string channel = "19:efa9296d959346209fea44151c742e73@thread.skype";
        var (_, team) = await app.Services.GetRequiredService<Incidents.Web.Features.Catalog.Teams.ManageTeams>().SaveAsync(null, new("Payments", channel, []), Actor.System);
        var (_, service) = await app.Services.GetRequiredService<Incidents.Web.Features.Catalog.Services.ManageServices>().SaveAsync(null,
            new("Checkout", "checkout", team!.Value, Incidents.Domain.Catalog.ServiceTier.Tier1, 99.9m, null, Incidents.Domain.Catalog.SlaTarget.Defaults), Actor.System);

        var (_, id) = await app.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident("Payments failing", null, service!.Value, Impact.High, Urgency.Medium), Actor.System);
        await Eventually.UntilAsync(() => ConnectorCalls("POST").Count > 0, "the channel post");

        var post = ConnectorCalls("POST")[0];
        Assert.Equal("/v3/conversations/19%3Aefa9296d959346209fea44151c742e73%40thread.skype/activities", post.RawTarget);
        Assert.Contains($"INC-{id}", post.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewInvitation_PersonalChatCardWithRsvp_ActionExecuteRecordsTheAnswer()
    {
        await PostAsync(Activity("teams-message-personal-incoming.json", "help"), Jwt());
        await LinkAsync("megan@example.com", Role.Developer);
        await Eventually.UntilAsync(() => ConnectorCalls("POST").Count == 1, "the help reply");
        string megan;
        await using (var db = await app.NewDbContextAsync())
        {
            megan = (await db.ChatIdentities.SingleAsync(i => i.Medium == ChatMedium.Teams)).UserId;
        }

        var serviceId = await app.CreateServiceAsync("ledger");
        var (_, postmortemId) = await Postmortems.PostmortemScenario.ResolvedAsync(app, serviceId, new Actor(megan, "megan"));
        var (scheduled, meetingId) = await app.Services.GetRequiredService<Web.Features.Postmortems.Meeting.ScheduleReview>().ScheduleAsync(postmortemId!.Value,
            new(app.Clock.GetUtcNow().AddDays(2), 30, "Room 1", null, [megan]), new Actor(megan, "megan"));
        Assert.True(scheduled.Succeeded, scheduled.Error);

        await app.Services.GetRequiredService<Web.Features.Postmortems.Meeting.SendInvitations>().RunOnceAsync();

        var invitation = JsonNode.Parse(ConnectorCalls("POST").Last().Body)!;
        var card = invitation["attachments"]![0]!["content"]!;
        Assert.Contains("Postmortem review", card["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var accept = card["actions"]!.AsArray().First()!;
        Assert.Equal(("Action.Execute", "command", $"rsvp {meetingId} accept"), (accept["type"]!.GetValue<string>(), accept["verb"]!.GetValue<string>(), accept["data"]!["command"]!.GetValue<string>()));

        var invoke = Activity("teams-message-personal-incoming.json");
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "command", ["data"] = accept["data"]!.DeepClone() }, ["trigger"] = "manual" };
        var response = await PostAsync(invoke, Jwt());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("you accepted", (await response.Content.ReadFromJsonAsync<JsonObject>())!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var check = await app.NewDbContextAsync();
        var invitee = (await check.ReviewMeetings.Include(m => m.Invitees).SingleAsync()).Invitees.Single();
        Assert.Equal((Domain.Postmortems.Rsvp.Accepted, "Teams"), (invitee.Response, invitee.RespondedVia));
    }
}
