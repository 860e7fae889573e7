using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.OnCall.Contacts;
using Incidents.Web.Features.OnCall.Paging;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>Pages and new incidents posted to Slack, and their cards kept up to date (<see cref="Web.Features.Chat.Slack.SlackChannel"/>).</summary>
public sealed class SlackNotificationTests : SlackUseCaseTests
{
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
}
