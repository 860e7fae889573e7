using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.OnCall.Contacts;
using Incidents.Web.Features.OnCall.Paging;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>Pages and new incidents posted to Teams in the published card shape (<see cref="Web.Features.Chat.Teams.TeamsChannel"/>).</summary>
public sealed class TeamsNotificationTests : TeamsUseCaseTests
{
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
}
