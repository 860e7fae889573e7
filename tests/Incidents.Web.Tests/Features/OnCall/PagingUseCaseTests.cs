using System.Globalization;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.IncidentManagement.Log;
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
public abstract class PagingUseCaseTests : IAsyncLifetime, IAsyncDisposable
{
    private protected const string Secret = "webhook-signing-secret";
    private protected static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private protected readonly LoopbackSmtpServer smtp = new();
    private protected readonly LoopbackWebhookReceiver webhook = new();
    private protected PagingApp app = null!;
    private protected string ana = "", bob = "";
    private protected long serviceId;
    private protected readonly Actor admin = new("admin", "Admin");

    private protected sealed class PagingApp(int smtpPort) : TestApp(new Dictionary<string, string?>
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

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private protected T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    private protected Task TickAsync() => Get<PagingDispatcher>().RunOnceAsync();

    private protected async Task<long> OpenSev1Async()
    {
        var (outcome, id) = await Get<LogIncident>().HandleAsync(new NewIncident("Checkout down", null, serviceId, Impact.High, Urgency.High), new Actor(bob, "bob"));
        Assert.True(outcome.Succeeded, outcome.Error);
        return id!.Value;
    }

    private protected List<string> MailedTo() => smtp.Received.SelectMany(m => m.To).ToList();

    private protected async Task<List<TimelineEntry>> TimelineAsync(long id)
    {
        await using var db = await app.NewDbContextAsync();
        return await db.Timeline.AsNoTracking().Where(t => t.IncidentId == id).OrderBy(t => t.Id).ToListAsync();
    }

    private protected async Task ClaimAsSendingAsync()
    {
        await using var db = await app.NewDbContextAsync();
        var now = app.Clock.GetUtcNow();
        // The one pending delivery outside the portal (which sends at once, and safely twice) is the one mid-send.
        Assert.Equal(1, await db.Deliveries.Where(d => d.Status == DeliveryStatus.Pending && d.Channel != ContactKind.Portal)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.ClaimedBy, "dead")
                .SetProperty(d => d.ClaimedUntil, now.AddMinutes(2)).SetProperty(d => d.Attempt, 1)));
    }
}
