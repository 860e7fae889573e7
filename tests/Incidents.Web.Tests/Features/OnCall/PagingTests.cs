using System.Globalization;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.OnCall.Channels;
using Incidents.Web.Features.OnCall.Contacts;
using Incidents.Web.Features.OnCall.Paging;
using Incidents.Web.Features.OnCall.Policies;
using Incidents.Web.Features.OnCall.Schedules;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.OnCall;

/// <summary>
/// The paging engine end to end on real SQLite with the fake clock: a schedule and a two-level policy, email to a
/// loopback SMTP server and webhooks to a loopback receiver.
/// </summary>
public sealed class PagingTests : IAsyncLifetime, IAsyncDisposable
{
    private const string Secret = "webhook-signing-secret";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly LoopbackSmtpServer smtp = new();
    private readonly LoopbackWebhookReceiver webhook = new();
    private PagingApp app = null!;
    private string ana = "", bob = "";
    private long serviceId;
    private readonly Actor admin = new("admin", "Admin");

    private sealed class PagingApp(int smtpPort) : TestApp(new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Paging:Webhook:SigningSecret"] = Secret,
        ["Portal:BaseUrl"] = "https://incidents.example.com",
    });

    public async Task InitializeAsync()
    {
        app = new PagingApp(smtp.Port);
        ana = (await app.CreateUserAsync("ana@example.com", Role.Responder)).Id;
        bob = (await app.CreateUserAsync("bob@example.com", Role.Responder)).Id;
        serviceId = await app.CreateServiceAsync("checkout");
        var schedules = Get<ManageSchedules>();
        var (_, scheduleId) = await schedules.SaveAsync(null, "Primary", "Europe/Berlin", null, null, admin);
        Assert.True((await schedules.SaveLayerAsync(scheduleId!.Value, null,
            new LayerInput("Weekly", [ana], 1, RotationUnit.Weeks, new DateTime(2026, 1, 5, 9, 0, 0), null, []), admin)).Succeeded);
        var (outcome, _) = await Get<ManagePolicies>().SaveAsync(null, new PolicyInput("Checkout", null, null, 1,
        [
            new LevelInput((int)Timeout.TotalSeconds, [new EscalationTarget(EscalationTargetKind.Schedule, scheduleId.Value.ToString(CultureInfo.InvariantCulture))]),
            new LevelInput((int)Timeout.TotalSeconds, [new EscalationTarget(EscalationTargetKind.Person, bob)]),
        ], [serviceId]), admin);
        Assert.True(outcome.Succeeded, outcome.Error);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await smtp.DisposeAsync();
        await webhook.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    private Task TickAsync() => Get<PagingDispatcher>().RunOnceAsync();

    private async Task<long> OpenSev1Async()
    {
        var (outcome, id) = await Get<LogIncident>().HandleAsync(new NewIncident("Checkout down", null, serviceId, Impact.High, Urgency.High), new Actor(bob, "bob"));
        Assert.True(outcome.Succeeded, outcome.Error);
        return id!.Value;
    }

    private List<string> MailedTo() => smtp.Received.SelectMany(m => m.To).ToList();

    private async Task<List<TimelineEntry>> TimelineAsync(long id)
    {
        await using var db = await app.NewDbContextAsync();
        return await db.Timeline.AsNoTracking().Where(t => t.IncidentId == id).OrderBy(t => t.Id).ToListAsync();
    }

    [Fact]
    public async Task Escalation_NobodyAcknowledges_LevelsInTurnThenRepeatThenExhausted()
    {
        var id = await OpenSev1Async();

        await TickAsync();
        Assert.Equal(["ana@example.com"], MailedTo());
        var mail = smtp.Received.Single();
        Assert.Equal($"<page-1@incidents>", mail.Header("Message-Id"));
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
        Assert.Equal(4, timeline.Count(t => t.Kind == TimelineKind.Notified && t.Text.StartsWith("Notified", StringComparison.Ordinal)));
        Assert.Contains(timeline, t => t.Kind == TimelineKind.EscalationStopped && t.Text.Contains("exhausted after 2 passes", StringComparison.Ordinal));
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(RunStatus.Exhausted, (await db.EscalationRuns.SingleAsync()).Status);
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

        Assert.True((await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Resolve, new Actor(ana, "ana"))).Succeeded);
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        await TickAsync();

        Assert.Empty(webhook.Received);
        Assert.Single(smtp.Received);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(DeliveryStatus.Cancelled, (await db.Deliveries.SingleAsync(d => d.Channel == ContactKind.Webhook)).Status);
        Assert.Equal(RunStatus.Resolved, (await db.EscalationRuns.SingleAsync()).Status);
        Assert.Contains(await TimelineAsync(id), t => t.Kind == TimelineKind.EscalationStopped && t.Text.Contains("1 pending notification(s) cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TransientSmtpFailure_RetriedWithBackoff_ThenDelivered()
    {
        smtp.FailNext("421 4.3.2 Service not available", times: 2);
        var id = await OpenSev1Async();

        await TickAsync();
        Assert.Empty(smtp.Received);
        app.Clock.Advance(TimeSpan.FromSeconds(14));
        await TickAsync();
        Assert.Empty(smtp.Received); // the first backoff is 15 s
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await TickAsync();
        Assert.Empty(smtp.Received);
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        await TickAsync();

        Assert.Single(smtp.Received);
        var timeline = await TimelineAsync(id);
        Assert.Equal(2, timeline.Count(t => t.Text.Contains("failed (SMTP 421", StringComparison.Ordinal)));
        Assert.Contains(timeline, t => t.Text == "Notified ana by email (ana@example.com) on attempt 3.");
    }

    [Fact]
    public async Task PermanentFailure_FallsBackToTheNextContactMethod_SignedWebhook()
    {
        var (_, hook) = await Get<ManageContacts>().AddMethodAsync(ana, ContactKind.Webhook, webhook.Url("sms/ana"), "SMS", new Actor(ana, "ana"));
        smtp.FailNext("550 5.1.1 Mailbox unavailable");
        var id = await OpenSev1Async();

        await TickAsync(); // email fails for good, the webhook is due at once
        await TickAsync();

        var request = Assert.Single(webhook.Received);
        Assert.Equal("/sms/ana", request.Path);
        var timestamp = request.Headers[WebhookChannel.TimestampHeader];
        Assert.Equal("v1=" + WebhookChannel.Sign(Secret, timestamp, request.Body), request.Headers[WebhookChannel.SignatureHeader]);
        Assert.Contains($"\"number\":\"INC-{id}\"", request.Body, StringComparison.Ordinal);
        Assert.Contains(await TimelineAsync(id), t => t.Text.Contains("SMTP 550", StringComparison.Ordinal) && t.Text.Contains("trying webhook", StringComparison.Ordinal));
        Assert.NotNull(hook);
    }

    [Fact]
    public async Task CrashMidSend_EmailIsResentWithTheSameMessageId()
    {
        await OpenSev1Async();
        await Get<RunEscalationSteps>().HandleAsync();
        await ClaimAsSendingAsync(); // a dispatcher claimed it, then the process died

        await Get<SendNotifications>().HandleAsync();
        Assert.Empty(smtp.Received); // its lease still holds
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        await Get<SendNotifications>().HandleAsync();

        Assert.Equal("<page-1@incidents>", Assert.Single(smtp.Received).Header("Message-Id"));
    }

    [Fact]
    public async Task CrashMidSend_WebhookIsNotResent_NextContactMethodInstead()
    {
        var (_, hook) = await Get<ManageContacts>().AddMethodAsync(ana, ContactKind.Webhook, webhook.Url("voice"), "Voice", new Actor(ana, "ana"));
        await Get<ManageContacts>().AddRuleAsync(ana, hook!.Value, 0, new Actor(ana, "ana"));
        var id = await OpenSev1Async();
        await Get<RunEscalationSteps>().HandleAsync();
        await ClaimAsSendingAsync();

        app.Clock.Advance(TimeSpan.FromMinutes(3));
        await Get<SendNotifications>().HandleAsync();
        await Get<SendNotifications>().HandleAsync();

        Assert.Empty(webhook.Received);
        Assert.Equal(["ana@example.com"], MailedTo()); // her account email, the fallback
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(DeliveryStatus.Uncertain, (await db.Deliveries.SingleAsync(d => d.Channel == ContactKind.Webhook)).Status);
        Assert.Contains(await TimelineAsync(id), t => t.Text.Contains("was interrupted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoDispatchersOnOneDatabase_EveryStepAndNotificationExactlyOnce()
    {
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await OpenSev1Async());
        }

        var first = Get<PagingDispatcher>();
        var second = ActivatorUtilities.CreateInstance<PagingDispatcher>(app.Services,
            ActivatorUtilities.CreateInstance<RunEscalationSteps>(app.Services), ActivatorUtilities.CreateInstance<SendNotifications>(app.Services));
        for (var round = 0; round < 6; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { Task.Run(() => first.RunOnceAsync()), Task.Run(() => second.RunOnceAsync()) }));
            app.Clock.Advance(Timeout);
        }

        // 12 incidents × (ana, bob, ana, bob): each exactly once.
        Assert.Equal(48, smtp.Received.Count);
        Assert.Equal(48, smtp.Received.Select(m => m.Header("Message-Id")).Distinct().Count());
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(48, await db.Pages.CountAsync());
        Assert.All(ids, id => Assert.Equal(4, db.Pages.Count(p => p.IncidentId == id)));
    }

    [Fact]
    public async Task PageSomeone_Person_PagedAtOnceEvenWhenAcknowledged()
    {
        var id = await OpenSev1Async();
        await TickAsync();
        await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Acknowledge, new Actor(ana, "ana"));

        var outcome = await Get<PageSomeone>().HandleAsync(id, new PageTarget(PageTargetKind.Person, bob), "Need a DB expert", new Actor(ana, "ana"));
        await TickAsync();

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["ana@example.com", "bob@example.com"], MailedTo());
        Assert.Contains(await TimelineAsync(id), t => t.Text == "ana paged bob: Need a DB expert.");
    }

    [Fact]
    public async Task PageSomeone_ScheduleWithNobodyOnCall_InvalidAndNothingPaged()
    {
        var (_, empty) = await Get<ManageSchedules>().SaveAsync(null, "Empty", "UTC", null, null, admin);
        var id = await OpenSev1Async();
        await using (var db = await app.NewDbContextAsync())
        {
            db.Pages.RemoveRange(db.Pages);
            await db.SaveChangesAsync();
        }

        var outcome = await Get<PageSomeone>().HandleAsync(id, new PageTarget(PageTargetKind.Schedule, empty!.Value.ToString(CultureInfo.InvariantCulture)), null, admin);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal("Nobody to page: nobody is on call for Empty.", outcome.Error);
        await using var check = await app.NewDbContextAsync();
        Assert.Equal(0, await check.Pages.CountAsync());
    }

    [Fact]
    public async Task EscalateNow_NextLevelWithoutWaiting()
    {
        var id = await OpenSev1Async();
        await TickAsync();

        Assert.True((await Get<EscalateNow>().HandleAsync(id, new Actor(ana, "ana"))).Succeeded);
        await TickAsync();

        Assert.Equal(["ana@example.com", "bob@example.com"], MailedTo());
    }

    [Fact]
    public async Task LowSeverityLoggedByHand_NotPaged_RaisedBySeverityOverride_Paged()
    {
        var (_, id) = await Get<LogIncident>().HandleAsync(new NewIncident("Typo on page", null, serviceId, Impact.Low, Urgency.Low), new Actor(bob, "bob"));
        await TickAsync();
        Assert.Empty(smtp.Received);

        await Get<Incidents.Web.Features.IncidentManagement.Triage.TriageIncident>().OverrideAsync(id!.Value, Severity.Sev2, "Customers cannot pay", new Actor(bob, "bob"));
        await TickAsync();

        Assert.Equal(["ana@example.com"], MailedTo());
    }

    [Fact]
    public async Task LogSev1_EscalationAndFirstStepCommittedWithTheIncident_BeforeAnyDispatcherOrListener()
    {
        // No tick, no notifier: what a crash right after the answer would leave behind must already page.
        var id = await OpenSev1Async();

        await using var db = await app.NewDbContextAsync();
        var run = await db.EscalationRuns.SingleAsync(r => r.IncidentId == id);
        Assert.Equal(RunStatus.Active, run.Status);
        var step = await db.EscalationSteps.SingleAsync(s => s.RunId == run.Id);
        Assert.Equal(StepStatus.Pending, step.Status);
        Assert.True(step.DueAt <= app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task AlertOpensIncident_EscalationCommittedInTheIntakeTransaction_PagedOnceOnFirstTick()
    {
        var (_, key) = await Get<Incidents.Web.Features.Alerts.Integrations.ManageIntegrations>().CreateAsync(
            new("Prometheus", Incidents.Web.Features.Alerts.IntegrationKind.Generic, serviceId, Incidents.Domain.Alerts.GroupingMode.ByDedupKey, 30, true, null), Actor.System);
        using var client = app.CreateClient();
        var answer = await client.PostAsync($"/api/v1/alerts/generic/{key}",
            new StringContent("""{"summary":"Checkout 5xx","dedup_key":"c5xx","severity":"critical"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, answer.StatusCode);

        await using (var db = await app.NewDbContextAsync())
        {
            var incident = await db.Incidents.SingleAsync();
            Assert.Equal(StepStatus.Pending, (await db.EscalationSteps.SingleAsync(s => s.IncidentId == incident.Id)).Status);
        }

        await TickAsync();
        await TickAsync();
        Assert.Equal(["ana@example.com"], MailedTo());
    }

    [Fact]
    public async Task Reopen_EscalationCommittedWithTheReopen()
    {
        var id = await OpenSev1Async();
        await TickAsync();
        var who = new Actor(ana, "ana");
        Assert.True((await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Resolve, who)).Succeeded);

        Assert.True((await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Reopen, who, comment: "Back again")).Succeeded);

        await using var db = await app.NewDbContextAsync();
        var runs = await db.EscalationRuns.Where(r => r.IncidentId == id).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([RunStatus.Resolved, RunStatus.Active], runs.Select(r => r.Status));
        Assert.Equal("reopened", runs[1].Reason);
    }

    [Fact]
    public async Task Resolve_EscalationStoppedInTheSameTransaction_NoListenerNeeded()
    {
        var id = await OpenSev1Async();

        Assert.True((await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Resolve, new Actor(ana, "ana"))).Succeeded);

        // Read at once: the stop did not wait for any subscriber.
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(RunStatus.Resolved, (await db.EscalationRuns.SingleAsync(r => r.IncidentId == id)).Status);
        Assert.All(await db.EscalationSteps.Where(s => s.IncidentId == id).ToListAsync(), s => Assert.NotEqual(StepStatus.Pending, s.Status));
    }

    private async Task ClaimAsSendingAsync()
    {
        await using var db = await app.NewDbContextAsync();
        var now = app.Clock.GetUtcNow();
        Assert.Equal(1, await db.Deliveries.Where(d => d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.ClaimedBy, "dead")
                .SetProperty(d => d.ClaimedUntil, now.AddMinutes(2)).SetProperty(d => d.Attempt, 1)));
    }
}
