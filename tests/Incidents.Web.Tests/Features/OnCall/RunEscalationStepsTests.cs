using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.OnCall.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.OnCall;

/// <summary>Escalation levels in turn, repeats, and what stops them (<see cref="Web.Features.OnCall.Paging.RunEscalationSteps"/>).</summary>
public sealed class RunEscalationStepsTests : PagingUseCaseTests
{
    [Fact]
    public async Task Escalation_NobodyAcknowledges_LevelsInTurnThenRepeatThenExhausted()
    {
        var id = await OpenSev1Async();

        await TickAsync();
        Assert.Equal(["ana@example.com"], MailedTo());
        var mail = smtp.Received.Single();
        // The Message-ID is the email delivery's (the portal's delivery, made with it, comes first).
        Assert.Equal($"<page-2@incidents>", mail.Header("Message-Id"));
        Assert.Contains($"INC-{id}", mail.Header("Subject"), StringComparison.Ordinal);
        Assert.Contains($"https://incidents.example.com/incidents/{id}", mail.Data, StringComparison.Ordinal);

        app.Clock.Advance(Timeout - TimeSpan.FromSeconds(1));
        await TickAsync();
        Assert.Single(smtp.Received); // never early

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await TickAsync();
        Assert.Equal(["ana@example.com", "bob@example.com"], MailedTo());

        app.Clock.Advance(Timeout);
        await TickAsync(); // the repeat: level 1 again
        app.Clock.Advance(Timeout);
        await TickAsync();
        Assert.Equal(["ana@example.com", "bob@example.com", "ana@example.com", "bob@example.com"], MailedTo());

        app.Clock.Advance(Timeout);
        await TickAsync();
        app.Clock.Advance(Timeout * 3);
        await TickAsync();
        Assert.Equal(4, smtp.Received.Count);
        var timeline = await TimelineAsync(id);
        Assert.Contains(timeline, t => t.Kind == TimelineKind.Escalated && t.Text.Contains("escalated to level 2 of **Checkout**: paged bob", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.Kind == TimelineKind.Paged && t.Text.Contains("ana (on call for Primary)", StringComparison.Ordinal));
        // Four pages, each by email and in the portal (nobody set rules).
        Assert.Equal(4, timeline.Count(t => t.Kind == TimelineKind.Notified && t.Text.StartsWith("Notified", StringComparison.Ordinal) && t.Text.Contains("by email", StringComparison.Ordinal)));
        Assert.Equal(4, timeline.Count(t => t.Kind == TimelineKind.Notified && t.Text.EndsWith("in the portal.", StringComparison.Ordinal)));
        Assert.Contains(timeline, t => t.Kind == TimelineKind.EscalationStopped && t.Text.Contains("exhausted after 2 passes", StringComparison.Ordinal));
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(RunStatus.Exhausted, (await db.EscalationRuns.SingleAsync()).Status);
        // The engine's lines are Markdown too: the policy's name shows bold, not between asterisks.
        var shown = (await Get<Web.Features.IncidentManagement.Show.ShowIncident>().HandleAsync(id))!.Timeline;
        Assert.Contains(shown, t => t.Kind == TimelineKind.Escalated && t.Html!.Contains("<strong>Checkout</strong>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Acknowledge_StopsEscalation_NoFurtherPages()
    {
        var id = await OpenSev1Async();
        await TickAsync();

        var outcome = await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Acknowledge, new Actor(ana, "ana"));
        Assert.True(outcome.Succeeded);
        app.Clock.Advance(Timeout * 4);
        await TickAsync();

        Assert.Equal(["ana@example.com"], MailedTo());
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(RunStatus.Acknowledged, (await db.EscalationRuns.SingleAsync()).Status);
        Assert.All(await db.EscalationSteps.ToListAsync(), s => Assert.NotEqual(StepStatus.Pending, s.Status));
        Assert.Contains(await TimelineAsync(id), t => t.Kind == TimelineKind.EscalationStopped && t.Text == "Escalation stopped: acknowledged by ana.");
    }

    [Fact]
    public async Task Acknowledge_OnAnotherInstance_DispatcherChecksBeforePaging()
    {
        var id = await OpenSev1Async();
        await TickAsync();
        // Acknowledged behind this instance's back: no notification reached the stop handler here.
        await using (var db = await app.NewDbContextAsync())
        {
            var incident = await db.Incidents.SingleAsync(i => i.Id == id);
            incident.Acknowledge(new Actor(ana, "ana"), app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        app.Clock.Advance(Timeout);
        await TickAsync();

        Assert.Single(smtp.Received);
        await using var check = await app.NewDbContextAsync();
        Assert.Equal(RunStatus.Acknowledged, (await check.EscalationRuns.SingleAsync()).Status);
    }

    [Fact]
    public async Task Resolve_CancelsPendingNotifications()
    {
        var contacts = Get<ManageContacts>();
        var (_, hook) = await contacts.AddMethodAsync(ana, ContactKind.Webhook, webhook.Url("sms"), "SMS", new Actor(ana, "ana"));
        var (_, mail) = await contacts.AddMethodAsync(ana, ContactKind.Email, "ana@example.com", null, new Actor(ana, "ana"));
        await contacts.AddRuleAsync(ana, mail!.Value, 0, new Actor(ana, "ana"));
        await contacts.AddRuleAsync(ana, hook!.Value, 5, new Actor(ana, "ana"));
        var id = await OpenSev1Async();
        await TickAsync();
        Assert.Single(smtp.Received);

        Assert.True((await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Resolve, new Actor(ana, "ana"), comment: "Fixed")).Succeeded);
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        await TickAsync();

        Assert.Empty(webhook.Received);
        Assert.Single(smtp.Received);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(DeliveryStatus.Cancelled, (await db.Deliveries.SingleAsync(d => d.Channel == ContactKind.Webhook)).Status);
        Assert.Equal(RunStatus.Resolved, (await db.EscalationRuns.SingleAsync()).Status);
        Assert.Contains(await TimelineAsync(id), t => t.Kind == TimelineKind.EscalationStopped && t.Text.Contains("1 pending notification(s) cancelled", StringComparison.Ordinal));
    }
}
