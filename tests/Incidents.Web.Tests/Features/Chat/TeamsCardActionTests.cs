using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.Chat.Teams;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>Action.Execute on Teams cards: acting on the incident as the domain allows, refreshed cards, review invitations (<see cref="Web.Features.Chat.Teams.TeamsBot"/>).</summary>
public sealed class TeamsCardActionTests : TeamsUseCaseTests
{
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
    public async Task ReviewInvitation_PersonalChatCardWithRsvp_ActionExecuteRecordsTheAnswer()
    {
        var megan = await PersonalChatWithMeganAsync();

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

    [Fact]
    public async Task ChangeApproval_PersonalChatCardWithAReasonBox_ApproveRecordsTheReason_TheCardBecomesTheAnswer()
    {
        var megan = await PersonalChatWithMeganAsync();

        var requester = await app.CreateUserAsync("rita@example.com", Role.Developer);
        var serviceId = await app.CreateServiceAsync("ledger");
        await using (var db = await app.NewDbContextAsync())
        {
            var team = await db.Teams.Include(t => t.Members).SingleAsync();
            team.SetMembers([megan, requester.Id]);
            await db.SaveChangesAsync();
        }

        var manage = app.Services.GetRequiredService<Web.Features.Changes.Manage.ManageChanges>();
        var (_, changeId) = await manage.RecordAsync(
            new Domain.Changes.ChangeRequest(serviceId, "Rotate the ledger signing key", Domain.Changes.ChangeKind.Configuration, Domain.Changes.ChangeType.Emergency, Domain.Changes.ChangeRisk.Medium),
            new Actor(requester.Id, "rita"), Domain.Changes.ChangeSource.Portal, submit: true);
        Assert.True((await manage.ActAsync(changeId!.Value, Domain.Changes.ChangeAction.Start, new Actor(requester.Id, "rita"))).Succeeded);
        await app.Services.GetRequiredService<Web.Features.Changes.Approvals.RequestApprovals>().HandleAsync();
        await app.Services.GetRequiredService<Web.Features.Notices.SendNotices>().HandleAsync();

        var card = JsonNode.Parse(ConnectorCalls("POST").Last().Body)!["attachments"]![0]!["content"]!;
        Assert.Contains($"CHG-{changeId} Rotate the ledger signing key needs approval after the fact", card["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var box = card["body"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "Input.Text")!;
        Assert.Equal(TeamsCards.InputId, box["id"]!.GetValue<string>());
        var approve = card["actions"]!.AsArray().First()!;
        Assert.Equal(("Approve", $"approve CHG-{changeId}", true), (approve["title"]!.GetValue<string>(), approve["data"]!["command"]!.GetValue<string>(), approve["data"]!["withInput"]!.GetValue<bool>()));

        // Action.Execute merges the card's inputs into the action's data.
        var data = approve["data"]!.DeepClone();
        data[TeamsCards.InputId] = "Key was leaked; rotation was right";
        var invoke = Activity("teams-message-personal-incoming.json");
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "command", ["data"] = data }, ["trigger"] = "manual" };
        var response = await PostAsync(invoke, Jwt());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(TeamsCards.ContentType, answer["type"]!.GetValue<string>());
        Assert.Null(answer["value"]!["actions"]);
        Assert.Equal($"megan approved CHG-{changeId} Rotate the ledger signing key (1 of 2): Key was leaked; rotation was right. It needs one more approval, from someone else.",
            answer["value"]!["body"]![0]!["text"]!.GetValue<string>());
        await using var check = await app.NewDbContextAsync();
        var change = await check.Changes.Include(c => c.Approvals).SingleAsync(c => c.Id == changeId);
        Assert.Equal((megan, "Key was leaked; rotation was right", true), (change.Approvals.Single().UserId, change.Approvals.Single().Reason, change.Approvals.Single().AfterTheFact));
    }

    /// <summary>Megan (a Developer) has a personal chat with the bot (she said "help") and is linked; her user id.</summary>
    private async Task<string> PersonalChatWithMeganAsync()
    {
        await PostAsync(Activity("teams-message-personal-incoming.json", "help"), Jwt());
        await LinkAsync("megan@example.com", Role.Developer);
        await Eventually.UntilAsync(() => ConnectorCalls("POST").Count == 1, "the help reply");
        await using var db = await app.NewDbContextAsync();
        return (await db.ChatIdentities.SingleAsync(i => i.Medium == ChatMedium.Teams)).UserId;
    }
}
