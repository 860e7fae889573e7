using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.Inbox;
using Incidents.Web.Features.IncidentManagement.AddNote;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.List;
using Incidents.Web.Features.IncidentManagement.Respond;
using Incidents.Web.Features.OnCall.Channels;
using Incidents.Web.Tests.Features.OnCall;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Tests.Features.Inbox;

/// <summary>The portal's bell: pages by the Portal contact method, assignments and mentions, each once, live.</summary>
public sealed class PortalInboxTests : PagingUseCaseTests
{
    [Fact]
    public async Task Page_WithNoRules_ReachesTheBellAndEmail_TheBellOnceEvenWhenResent()
    {
        var id = await OpenSev1Async();

        await TickAsync();

        var view = await Get<PortalInbox>().ShowAsync(ana);
        var item = Assert.Single(view.Latest);
        Assert.Equal(1, view.Unread);
        Assert.Equal(InboxKind.Page, item.Kind);
        Assert.StartsWith($"SEV1 {Incident.Format(id)} Checkout down", item.Subject, StringComparison.Ordinal);
        Assert.Equal($"/incidents/{id}", item.Link);
        Assert.True(item.AwaitsAcknowledgement);
        Assert.Single(smtp.Received);
        var timeline = await TimelineAsync(id);
        Assert.Contains(timeline, t => t.Text == "Notified ana in the portal.");

        // A dispatcher that died after writing sends the same delivery again: still one line in the bell.
        await using var db = await app.NewDbContextAsync();
        var delivery = await db.Deliveries.SingleAsync(d => d.IncidentId == id && d.Channel == ContactKind.Portal);
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        var again = await Get<IEnumerable<INotificationChannel>>().Single(c => c.Kind == ContactKind.Portal).SendAsync(
            new PageNotification(delivery.Id, id, Incident.Format(id), "Checkout down", Severity.Sev1, IncidentStatus.Triggered, "checkout", "ana",
                ContactMethod.PortalAddress, null, new Uri("https://incidents.example.com/incidents/1"), 2)
            { UserId = ana }, CancellationToken.None);
        Assert.IsType<SendResult.Delivered>(again);
        Assert.Single((await Get<PortalInbox>().ShowAsync(ana)).Latest);
    }

    [Fact]
    public async Task Mention_TellsWhoIsMentioned_NotTheAuthor_AndTheirOpenBellHearsOfIt()
    {
        var id = await OpenSev1Async();
        var heard = 0;
        using var listening = Get<InboxSignal>().Listen(ana, () => Interlocked.Increment(ref heard));

        var outcome = await Get<AddIncidentNote>().HandleAsync(id, "@ana can you check the pool? cc @bob and @nobody", new Actor(bob, "Bob"));

        Assert.True(outcome.Succeeded, outcome.Error);
        var item = Assert.Single((await Get<PortalInbox>().ShowAsync(ana)).Latest);
        Assert.Equal(InboxKind.Mention, item.Kind);
        Assert.Equal($"Bob mentioned you on {Incident.Format(id)}: Checkout down", item.Subject);
        Assert.Empty((await Get<PortalInbox>().ShowAsync(bob)).Latest);
        Assert.Equal(1, heard);
    }

    [Fact]
    public async Task Assignment_BySomeoneElse_IsTold_ByOneself_IsNot()
    {
        var id = await OpenSev1Async();
        var responders = Get<ChangeResponders>();

        Assert.True((await responders.AssignCommanderAsync(id, ana, new Actor(bob, "Bob"))).Succeeded);
        Assert.True((await responders.AssignCommanderAsync(id, ana, new Actor(bob, "Bob"))).Succeeded); // no change, no news
        Assert.True((await responders.AddResponderAsync(id, bob, new Actor(bob, "Bob"))).Succeeded);

        var item = Assert.Single((await Get<PortalInbox>().ShowAsync(ana)).Latest, i => i.Kind == InboxKind.Assignment);
        Assert.Equal($"Bob made you the commander of {Incident.Format(id)}: Checkout down", item.Subject);
        Assert.DoesNotContain((await Get<PortalInbox>().ShowAsync(bob)).Latest, i => i.Kind == InboxKind.Assignment);
    }

    [Fact]
    public async Task MarkRead_OnlyOnesOwn()
    {
        var id = await OpenSev1Async();
        Assert.True((await Get<AddIncidentNote>().HandleAsync(id, "@bob look", new Actor(ana, "Ana"))).Succeeded);
        Assert.True((await Get<AddIncidentNote>().HandleAsync(id, "@ana look", new Actor(bob, "Bob"))).Succeeded);
        var inbox = Get<PortalInbox>();
        var bobs = Assert.Single((await inbox.ShowAsync(bob)).Latest);

        await inbox.MarkReadAsync(ana, bobs.Id);
        Assert.Equal(1, (await inbox.ShowAsync(bob)).Unread);

        await inbox.MarkReadAsync(ana, null);
        Assert.Equal(0, (await inbox.ShowAsync(ana)).Unread);
        Assert.Equal(1, (await inbox.ShowAsync(bob)).Unread);
    }

    [Fact]
    public async Task Acknowledging_MakesTheFirstTheCommander_TheListSaysSo_TheNextOnlyResponds()
    {
        var id = await OpenSev1Async();
        var status = Get<ChangeIncidentStatus>();

        var acknowledged = await status.HandleAsync(id, StatusAction.Acknowledge, new Actor(ana, "ana"));
        var resolved = await status.HandleAsync(id, StatusAction.Resolve, new Actor(bob, "bob"), comment: "Failed over to the replica");

        Assert.Contains("You are the incident commander now", acknowledged.Note, StringComparison.Ordinal);
        Assert.Null(resolved.Note);
        var row = Assert.Single((await Get<ListIncidents>().HandleAsync(new IncidentQuery { Status = StatusFilter.All }, null)).Rows);
        Assert.Equal("ana", row.CommanderName);
        await using var db = await app.NewDbContextAsync();
        var incident = await db.Incidents.Include(i => i.Responders).SingleAsync(i => i.Id == id);
        Assert.Equal(new[] { ana, bob }.Order(StringComparer.Ordinal).ToArray(), incident.Responders.Select(r => r.UserId).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        Assert.Equal("Failed over to the replica", incident.ResolutionSummary);
    }
}
