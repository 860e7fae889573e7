using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.Chat.Slack;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>Commands typed in Slack: slash commands, mentions in a channel, direct messages, and who the person is (<see cref="Web.Features.Chat.Slack.SlackBot"/>).</summary>
public sealed class SlackCommandTests : SlackUseCaseTests
{
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
}
