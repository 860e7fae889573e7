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

    [Fact]
    public async Task ChangeApproval_ApproverGetsACardWithAReasonBox_RejectNeedsTheReason_TheCardBecomesTheAnswer()
    {
        var approver = await LinkedUserAsync("U7", Role.Developer);
        var requester = await app.CreateUserAsync("rita@example.com", Role.Developer);
        var serviceId = await app.CreateServiceAsync("ledger");
        await using (var db = await app.NewDbContextAsync())
        {
            var team = await db.Teams.Include(t => t.Members).SingleAsync();
            team.SetMembers([approver, requester.Id]);
            await db.SaveChangesAsync();
        }

        var (recorded, changeId) = await app.Services.GetRequiredService<Web.Features.Changes.Manage.ManageChanges>().RecordAsync(
            new Domain.Changes.ChangeRequest(serviceId, "Raise the ledger pool size", Domain.Changes.ChangeKind.Configuration, Domain.Changes.ChangeType.Normal, Domain.Changes.ChangeRisk.Low),
            new Actor(requester.Id, "rita"), Domain.Changes.ChangeSource.Portal, submit: true);
        Assert.True(recorded.Succeeded, recorded.Error);
        var requests = app.Services.GetRequiredService<Web.Features.Changes.Approvals.RequestApprovals>();

        // The requester is never asked (four eyes); the approver once, however often the sweep runs.
        Assert.Equal(1, await requests.HandleAsync());
        Assert.Equal(0, await requests.HandleAsync());
        await app.Services.GetRequiredService<Web.Features.Notices.SendNotices>().HandleAsync();

        var dm = Calls("chat.postMessage").Select(c => JsonNode.Parse(c.Body)!).Single(p => p["channel"]!.GetValue<string>() == "D42");
        var blocks = dm["blocks"]!.AsArray();
        Assert.Contains($"CHG-{changeId} Raise the ledger pool size needs your approval", blocks[0]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var input = blocks.Single(b => b!["type"]!.GetValue<string>() == "input")!;
        Assert.Equal((SlackMessages.InputBlock, "plain_text_input"), (input["block_id"]!.GetValue<string>(), input["element"]!["type"]!.GetValue<string>()));
        var buttons = blocks.Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray().Where(b => b!["value"] is not null).ToList();
        Assert.Equal([$"approve CHG-{changeId}", $"reject CHG-{changeId}"], buttons.Select(b => b!["value"]!.GetValue<string>()));

        string Press(JsonNode button, string trigger, string? reason) => "payload=" + Uri.EscapeDataString(new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U7", ["team_id"] = Team },
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1700000000.000001", ["channel_id"] = "D42" },
            ["trigger_id"] = trigger,
            ["response_url"] = slack.Url("/respond"),
            ["state"] = new JsonObject { ["values"] = new JsonObject { [SlackMessages.InputBlock] = new JsonObject { [SlackMessages.InputElement] = new JsonObject { ["type"] = "plain_text_input", ["value"] = reason } } } },
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = button["action_id"]!.GetValue<string>(), ["value"] = button["value"]!.GetValue<string>(), ["action_ts"] = "1" }),
        }.ToJsonString());

        await PostSignedAsync("/api/slack/interactions", Press(buttons[1]!, "trigger-reject-blank", null), "application/x-www-form-urlencoded");
        await Eventually.UntilAsync(() => slack.Received.Any(r => r.Path == "/respond"), "the request for a reason");
        var refusal = JsonNode.Parse(slack.Received.Single(r => r.Path == "/respond").Body)!;
        Assert.Equal(("ephemeral", false), (refusal["response_type"]!.GetValue<string>(), refusal["replace_original"]!.GetValue<bool>()));
        Assert.Contains($"Say why you reject CHG-{changeId}", refusal["text"]!.GetValue<string>(), StringComparison.Ordinal);
        await using (var db = await app.NewDbContextAsync())
        {
            Assert.Equal(Domain.Changes.ChangeStatus.Submitted, (await db.Changes.SingleAsync(c => c.Id == changeId)).Status);
        }

        await PostSignedAsync("/api/slack/interactions", Press(buttons[1]!, "trigger-reject", "No rollback plan"), "application/x-www-form-urlencoded");
        await Eventually.UntilAsync(() => slack.Received.Count(r => r.Path == "/respond") == 2, "the settled card");
        var settled = JsonNode.Parse(slack.Received.Where(r => r.Path == "/respond").Last().Body)!;
        Assert.True(settled["replace_original"]!.GetValue<bool>());
        Assert.Equal($"u7 rejected CHG-{changeId} Raise the ledger pool size: No rollback plan.", settled["text"]!.GetValue<string>());
        Assert.DoesNotContain("\"actions\"", settled["blocks"]!.ToJsonString(), StringComparison.Ordinal);
        await using var check = await app.NewDbContextAsync();
        var change = await check.Changes.Include(c => c.Approvals).SingleAsync(c => c.Id == changeId);
        Assert.Equal(Domain.Changes.ChangeStatus.Rejected, change.Status);
        Assert.Equal((approver, "No rollback plan"), (change.Approvals.Single().UserId, change.Approvals.Single().Reason));
    }

    [Fact]
    public async Task ReadinessReport_PostedToTheTeamChannelOnceAtEachCheckpoint_ChangesBehindItFlagged()
    {
        var requester = await app.CreateUserAsync("rita@example.com", Role.Developer);
        var serviceId = await app.CreateServiceAsync("ledger");
        long teamId;
        await using (var db = await app.NewDbContextAsync())
        {
            var team = await db.Teams.SingleAsync();
            team.ChatChannel = "C0TEAM";
            teamId = team.Id;
            await db.SaveChangesAsync();
        }

        // Tuesdays and Thursdays 13:00–15:00 in Amsterdam (UTC+1 in November); "Approved" by the day before at 12:00.
        var windows = app.Services.GetRequiredService<Web.Features.Changes.Windows.ManageWindows>();
        var saved = await windows.SaveAsync(null, new(teamId, null, "Release window", "Europe/Amsterdam", [DayOfWeek.Tuesday, DayOfWeek.Thursday],
            new TimeOnly(13, 0), new TimeOnly(15, 0), [new Domain.Changes.Checkpoint("Ready for production", 1, new TimeOnly(12, 0), Domain.Changes.ChangeStatus.Approved)]), Actor.System);
        Assert.True(saved.Succeeded, saved.Error);
        var tuesday = new DateTimeOffset(2026, 11, 3, 12, 30, 0, TimeSpan.Zero);
        var (_, changeId) = await app.Services.GetRequiredService<Web.Features.Changes.Manage.ManageChanges>().RecordAsync(
            new Domain.Changes.ChangeRequest(serviceId, "Ledger 4.2", Domain.Changes.ChangeKind.Deployment, Domain.Changes.ChangeType.Normal, Domain.Changes.ChangeRisk.Medium,
                PlannedStart: tuesday, PlannedEnd: tuesday.AddHours(1)), new Actor(requester.Id, "rita"), Domain.Changes.ChangeSource.Portal, submit: true);
        var post = app.Services.GetRequiredService<Web.Features.Changes.Windows.PostReadiness>();

        // Monday 09:00 UTC: Tuesday's checkpoint (Monday 12:00 Amsterdam, 11:00 UTC) is still ahead.
        await post.HandleAsync();
        Assert.Empty(Calls("chat.postMessage"));
        app.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(5));
        await post.HandleAsync();
        await post.HandleAsync();

        var posted = Assert.Single(Calls("chat.postMessage"));
        var body = JsonNode.Parse(posted.Body)!;
        Assert.Equal("C0TEAM", body["channel"]!.GetValue<string>());
        var blocks = body["blocks"]!.AsArray();
        var texts = string.Join("\n", blocks.Select(b => b!["text"]?["text"]?.GetValue<string>()));
        Assert.Contains("Release window Tue 3 Nov 12:00 UTC: checkpoint \"Ready for production\"", texts, StringComparison.Ordinal);
        Assert.Contains("1 not approved by Mon 11:00 UTC", texts, StringComparison.Ordinal);
        Assert.Contains($"⚠ CHG-{changeId} Ledger 4.2 · ", texts, StringComparison.Ordinal);
        Assert.Contains(" · submitted · approvals 0 of 1 · medium risk · checklist 0 of ", texts, StringComparison.Ordinal);
        var link = blocks.Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]![0]!["url"]!.GetValue<string>();
        Assert.EndsWith($"/changes/windows/{(await windows.ListAsync()).Windows.Single().Id}/readiness.md?start=" + new DateTimeOffset(2026, 11, 3, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), link, StringComparison.Ordinal);

        // A checkpoint more than an hour past (the app was down) is left to the calendar.
        app.Clock.Advance(TimeSpan.FromDays(3));
        await post.HandleAsync();
        Assert.Single(Calls("chat.postMessage"));
        await using var check = await app.NewDbContextAsync();
        Assert.Equal(1, await check.ReadinessPosts.CountAsync(p => p.SentAt != null));
    }

    [Fact]
    public async Task WeeklyReview_PostedToTheTeamChannelOnce_WithTheReportLink()
    {
        await app.CreateServiceAsync("ledger");
        await using (var db = await app.NewDbContextAsync())
        {
            var team = await db.Teams.SingleAsync();
            team.ChatChannel = "C0TEAM";
            await db.SaveChangesAsync();
        }

        // Monday 09:00 UTC: the review of last week is due.
        var review = app.Services.GetRequiredService<Web.Features.Reports.WeeklyReview>();
        await review.HandleAsync();
        await review.HandleAsync();

        var post = JsonNode.Parse(Assert.Single(Calls("chat.postMessage")).Body)!;
        Assert.Equal("C0TEAM", post["channel"]!.GetValue<string>());
        var blocks = post["blocks"]!.AsArray();
        Assert.Equal("Weekly review, Team ledger: 26 Oct – 1 Nov", blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Contains("• Incidents: 0; the week before 0.", blocks[1]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var link = blocks.Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]![0]!["url"]!.GetValue<string>();
        Assert.StartsWith("https://incidents.example.com/reports?from=2026-10-26&until=2026-11-02&team=", link, StringComparison.Ordinal);
    }
}
