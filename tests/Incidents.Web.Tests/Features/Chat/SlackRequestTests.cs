using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Domain.Access;
using Incidents.Web.Features.Chat.Slack;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>What Slack sends, checked before anything acts: signatures (Slack's official vector), URL verification, malformed events, retries, every published payload (<see cref="Web.Features.Chat.Slack.SlackEndpoints"/>).</summary>
public sealed class SlackRequestTests : SlackUseCaseTests
{
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
}
