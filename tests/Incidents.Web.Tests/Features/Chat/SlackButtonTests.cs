using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Chat.Slack;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>Buttons on Slack cards: acting on the incident as the domain allows, and answering a review invitation (<see cref="Web.Features.Chat.Slack.SlackBot"/>).</summary>
public sealed class SlackButtonTests : SlackUseCaseTests
{
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
