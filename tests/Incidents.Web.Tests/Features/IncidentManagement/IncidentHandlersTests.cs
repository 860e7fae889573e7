using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Audit;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.IncidentManagement.AddNote;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.List;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.IncidentManagement.PostUpdate;
using Incidents.Web.Features.IncidentManagement.Relate;
using Incidents.Web.Features.IncidentManagement.Respond;
using Incidents.Web.Features.IncidentManagement.Show;
using Incidents.Web.Features.IncidentManagement.Sla;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>The incident use cases against the real SQLite database of a running app, with a fake clock.</summary>
public sealed class IncidentHandlersTests : IDisposable
{
    private readonly TestApp app = new();
    private readonly Actor ana = new("ana-id", "Ana");
    private long serviceId;

    public void Dispose() => app.Dispose();

    private T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    private async Task<long> OpenAsync(string title = "Checkout fails", Impact impact = Impact.High, Urgency urgency = Urgency.Medium, Actor? by = null)
    {
        if (serviceId == 0)
        {
            serviceId = await app.CreateServiceAsync();
            // The people acting in these tests are Responders: they may act on every incident.
            foreach (var person in new[] { ana, new Actor("ben-id", "Ben") }.Concat(Enumerable.Range(0, 4).Select(i => new Actor($"p{i}", $"Person {i}"))))
            {
                await app.CreatePersonAsync(person, Role.Responder);
            }
        }

        var (outcome, id) = await Get<LogIncident>().HandleAsync(new NewIncident(title, "500s on **/pay**", serviceId, impact, urgency, "CUST-9", ["db"]), by ?? ana);
        Assert.True(outcome.Succeeded, outcome.Error);
        return id!.Value;
    }

    [Fact]
    public async Task Log_ValidInput_StoredWithSeverityDeadlinesAndTimeline()
    {
        var id = await OpenAsync(impact: Impact.High, urgency: Urgency.High);

        var details = await Get<ShowIncident>().HandleAsync(id);

        Assert.NotNull(details);
        Assert.Equal(Severity.Sev1, details.Severity);
        Assert.Equal(IncidentStatus.Triggered, details.Status);
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(5), details.AcknowledgeDueAt);
        Assert.Equal("CUST-9", details.CustomerReference);
        Assert.Contains("<strong>/pay</strong>", details.DescriptionHtml, StringComparison.Ordinal);
        // A SEV1 pages its service's on-call; this service has no policy, and the timeline says nobody was paged.
        Assert.Equal([TimelineKind.Opened, TimelineKind.Paged], details.Timeline.Reverse().Select(t => t.Kind));
        Assert.Contains("has no escalation policy", details.Timeline[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_UnknownServiceOrNoTitle_InvalidAndNothingStored()
    {
        serviceId = await app.CreateServiceAsync();
        var log = Get<LogIncident>();

        var (noService, _) = await log.HandleAsync(new NewIncident("Title", null, 999, Impact.Low, Urgency.Low), ana);
        var (noTitle, _) = await log.HandleAsync(new NewIncident(" ", null, serviceId, Impact.Low, Urgency.Low), ana);

        Assert.Equal(OutcomeKind.Invalid, noService.Kind);
        Assert.Equal(OutcomeKind.Invalid, noTitle.Kind);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(0, await db.Incidents.CountAsync());
    }

    [Fact]
    public async Task ChangeStatus_WholeLifeCycle_EveryStepStampedOnTimeline()
    {
        var id = await OpenAsync();
        var change = Get<ChangeIncidentStatus>();

        foreach (var action in new[] { StatusAction.Acknowledge, StatusAction.Mitigate, StatusAction.Resolve, StatusAction.Close, StatusAction.Reopen })
        {
            app.Clock.Advance(TimeSpan.FromMinutes(3));
            var outcome = await change.HandleAsync(id, action, ana);
            Assert.True(outcome.Succeeded, $"{action}: {outcome.Error}");
        }

        var details = (await Get<ShowIncident>().HandleAsync(id))!;
        Assert.Equal(IncidentStatus.Triggered, details.Status);
        Assert.Equal(
            [TimelineKind.Opened, TimelineKind.Paged, TimelineKind.Acknowledged, TimelineKind.Mitigated, TimelineKind.Resolved, TimelineKind.Closed, TimelineKind.Reopened, TimelineKind.Paged],
            details.Timeline.Reverse().Select(t => t.Kind));
        Assert.All(details.Timeline.Where(t => t.Kind is not (TimelineKind.Opened or TimelineKind.Paged)), t => Assert.Equal("Ana", t.ActorName));
    }

    [Fact]
    public async Task ChangeStatus_Illegal_ConflictAndNothingChanged()
    {
        var id = await OpenAsync();

        var outcome = await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Close, ana);

        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
        Assert.Equal(IncidentStatus.Triggered, (await Get<ShowIncident>().HandleAsync(id))!.Status);
    }

    [Fact]
    public async Task ChangeStatus_UnknownIncident_NotFound()
    {
        var outcome = await Get<ChangeIncidentStatus>().HandleAsync(424242, StatusAction.Acknowledge, ana);

        Assert.Equal(OutcomeKind.NotFound, outcome.Kind);
    }

    [Fact]
    public async Task ChangeStatus_SecondEditorWithStaleVersion_ToldWhoChangedIt()
    {
        var id = await OpenAsync();
        var seenByBoth = (await Get<ShowIncident>().HandleAsync(id))!.Version;
        var ben = new Actor("ben-id", "Ben");

        var first = await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Acknowledge, ben, seenByBoth);
        var second = await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Resolve, ana, seenByBoth);

        Assert.True(first.Succeeded);
        Assert.Equal(OutcomeKind.Conflict, second.Kind);
        Assert.Contains("changed by Ben", second.Error, StringComparison.Ordinal);
        Assert.Equal(IncidentStatus.Acknowledged, (await Get<ShowIncident>().HandleAsync(id))!.Status);
    }

    [Fact]
    public async Task ChangeStatus_ConcurrentWritersOnSameVersion_ExactlyOneWins()
    {
        var id = await OpenAsync();
        var version = (await Get<ShowIncident>().HandleAsync(id))!.Version;
        var change = Get<ChangeIncidentStatus>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            change.HandleAsync(id, StatusAction.Acknowledge, new Actor($"p{i}", $"Person {i}"), version)));

        Assert.Equal(1, outcomes.Count(o => o.Succeeded));
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal(OutcomeKind.Conflict, o.Kind));
        var details = (await Get<ShowIncident>().HandleAsync(id))!;
        Assert.Single(details.Timeline, t => t.Kind == TimelineKind.Acknowledged);
    }

    [Fact]
    public async Task Change_AnyHandler_PublishedToOpenViews()
    {
        var id = await OpenAsync();
        var seen = new List<IncidentChanged>();
        using var subscription = Get<IIncidentNotifier>().Subscribe(c =>
        {
            lock (seen)
            {
                seen.Add(c);
            }

            return Task.CompletedTask;
        });

        await Get<AddIncidentNote>().HandleAsync(id, "Looking at the DB", ana);
        await Get<PostStatusUpdate>().HandleAsync(id, "We are on it", ana);
        await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Acknowledge, ana);

        // Delivered after the writer answered, off its path, in order.
        await Eventually.UntilAsync(() => { lock (seen) { return seen.Count >= 3; } }, "three changes delivered");
        Assert.Equal([(IncidentChangeKind.Acted, IncidentAction.AddNote), (IncidentChangeKind.Acted, IncidentAction.PostStatusUpdate), (IncidentChangeKind.Acted, IncidentAction.Acknowledge)],
            seen.Select(c => (c.Kind, c.Action)));
        Assert.All(seen, c => Assert.Equal(id, c.IncidentId));
        Assert.True(seen[2].Version > seen[0].Version);
    }

    [Fact]
    public async Task SlaJob_AckDeadlinePassed_StampsOnceOnTimeline()
    {
        var id = await OpenAsync(impact: Impact.High, urgency: Urgency.High);
        var job = Get<DetectSlaBreaches>();

        Assert.Equal(0, await job.HandleAsync());
        app.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await job.HandleAsync());
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await job.HandleAsync());

        var details = (await Get<ShowIncident>().HandleAsync(id))!;
        Assert.NotNull(details.AcknowledgeBreachedAt);
        Assert.Null(details.ResolveBreachedAt);
        var breach = Assert.Single(details.Timeline, t => t.Kind == TimelineKind.SlaBreached);
        Assert.True(breach.BySystem);
    }

    [Fact]
    public async Task SlaJob_AcknowledgedInTime_OnlyResolveBreachesLater()
    {
        var id = await OpenAsync(impact: Impact.High, urgency: Urgency.High);
        await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Acknowledge, ana);

        app.Clock.Advance(TimeSpan.FromHours(4) + TimeSpan.FromSeconds(1));
        await Get<DetectSlaBreaches>().HandleAsync();

        var details = (await Get<ShowIncident>().HandleAsync(id))!;
        Assert.Null(details.AcknowledgeBreachedAt);
        Assert.NotNull(details.ResolveBreachedAt);
    }

    [Fact]
    public async Task Audit_IncidentChanges_RecordedWithActorAndBeforeAfter()
    {
        var id = await OpenAsync();
        await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Acknowledge, new Actor("ben-id", "Ben"));

        await using var db = await app.NewDbContextAsync();
        var trail = await db.AuditTrail.Where(a => a.EntityType == "Incident" && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).ToListAsync();

        Assert.Equal([AuditAction.Added, AuditAction.Modified], trail.Select(a => a.Action));
        Assert.Equal("Ana", trail[0].ActorName);
        Assert.Equal("Ben", trail[1].ActorName);
        Assert.Equal("ben-id", trail[1].ActorId);
        Assert.Contains("\"Status\":0", trail[1].Before, StringComparison.Ordinal);
        Assert.Contains("\"Status\":1", trail[1].After, StringComparison.Ordinal);
        Assert.Equal(app.Clock.GetUtcNow(), trail[1].At);
        Assert.Contains($"\"Id\":{id}", trail[0].After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_UserCreated_NoSecretsRecorded()
    {
        await app.CreateUserAsync("audited@example.test", Domain.Access.Role.Viewer);

        await using var db = await app.NewDbContextAsync();
        var userAudit = await db.AuditTrail.Where(a => a.EntityType == "ApplicationUser").ToListAsync();

        Assert.NotEmpty(userAudit);
        Assert.All(userAudit, a =>
        {
            Assert.DoesNotContain("PasswordHash", a.After ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain("SecurityStamp", a.After ?? "", StringComparison.Ordinal);
        });
        Assert.Contains(userAudit, a => a.After?.Contains("audited@example.test", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Relate_LinkAndDuplicate_BothSidesAndDuplicateResolved()
    {
        var first = await OpenAsync("Checkout fails");
        var second = await OpenAsync("Payments time out");
        var third = await OpenAsync("Checkout fails again");
        var relate = Get<RelateIncidents>();

        Assert.True((await relate.LinkAsync(first, second, ana)).Succeeded);
        Assert.Equal(OutcomeKind.Conflict, (await relate.LinkAsync(first, second, ana)).Kind);
        Assert.True((await relate.MarkDuplicateAsync(third, first, ana)).Succeeded);
        Assert.Equal(OutcomeKind.Invalid, (await relate.LinkAsync(first, first, ana)).Kind);

        var one = (await Get<ShowIncident>().HandleAsync(first))!;
        var three = (await Get<ShowIncident>().HandleAsync(third))!;
        Assert.Equal([second, third], one.Related.Select(r => r.Id).Order());
        Assert.Equal(first, three.DuplicateOfId);
        Assert.Equal(IncidentStatus.Resolved, three.Status);

        Assert.True((await relate.UnlinkAsync(first, second, ana)).Succeeded);
        Assert.DoesNotContain((await Get<ShowIncident>().HandleAsync(second))!.Related, r => r.Id == first);
    }

    [Fact]
    public async Task Responders_CommanderAndJoin_ShownWithNames()
    {
        var ben = await app.CreateUserAsync("ben@example.test", Domain.Access.Role.Responder);
        var id = await OpenAsync();
        var responders = Get<ChangeResponders>();

        Assert.True((await responders.AssignCommanderAsync(id, ben.Id, ana)).Succeeded);
        Assert.Equal(OutcomeKind.NotFound, (await responders.AddResponderAsync(id, "nobody", ana)).Kind);

        var details = (await Get<ShowIncident>().HandleAsync(id))!;
        Assert.Equal("ben", details.Commander?.Name);
        Assert.Contains(details.Responders, r => r.Id == ben.Id);
    }

    [Fact]
    public async Task Note_ScriptInMarkdown_RenderedSanitized()
    {
        var id = await OpenAsync();

        await Get<AddIncidentNote>().HandleAsync(id, "Look <script>alert(1)</script> [x](javascript:alert(2)) **bold**", ana);

        var html = (await Get<ShowIncident>().HandleAsync(id))!.Timeline.First(t => t.Kind == TimelineKind.Note).Html!;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Filters_SeverityServiceMineSearchAndPaging()
    {
        var ben = await app.CreateUserAsync("ben@example.test", Domain.Access.Role.Responder);
        var sev1 = await OpenAsync("Database down", Impact.High, Urgency.High);
        var sev4 = await OpenAsync("Typo on page", Impact.Low, Urgency.Low, new Actor(ben.Id, "ben"));
        var otherService = await app.CreateServiceAsync("search-api");
        var (_, elsewhere) = await Get<LogIncident>().HandleAsync(new NewIncident("Search slow", null, otherService, Impact.Medium, Urgency.Medium), ana);
        await Get<ChangeIncidentStatus>().HandleAsync(sev1, StatusAction.Resolve, ana);
        var list = Get<ListIncidents>();

        async Task<long[]> Ids(IncidentQuery query, string? viewer = null) =>
            (await list.HandleAsync(query, viewer)).Rows.Select(r => r.Id).Order().ToArray();

        Assert.Equal([sev4, elsewhere!.Value], await Ids(new IncidentQuery()));
        Assert.Equal([sev1, sev4, elsewhere.Value], await Ids(new IncidentQuery { Status = StatusFilter.All }));
        Assert.Equal([sev1], await Ids(new IncidentQuery { Status = StatusFilter.Resolved }));
        Assert.Equal([sev4], await Ids(new IncidentQuery { Severity = Severity.Sev4 }));
        Assert.Equal([elsewhere.Value], await Ids(new IncidentQuery { Service = "search-api" }));
        Assert.Equal([sev4], await Ids(new IncidentQuery { Mine = true }, ben.Id));
        Assert.Equal([sev1], await Ids(new IncidentQuery { Status = StatusFilter.All, Search = "Database" }));
        Assert.Equal([sev4], await Ids(new IncidentQuery { Status = StatusFilter.All, Search = Incident.Format(sev4) }));

        var page2 = await list.HandleAsync(new IncidentQuery { Status = StatusFilter.All, PageSize = 10, Page = 1 }, null);
        Assert.Equal(3, page2.Total);
        Assert.False(page2.TotalIsCapped);
        Assert.Equal([elsewhere.Value, sev4, sev1], page2.Rows.Select(r => r.Id));
    }
}
