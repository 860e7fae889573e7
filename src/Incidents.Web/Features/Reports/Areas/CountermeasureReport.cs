using Incidents.Domain.Problems;
using Incidents.Domain.Reports;
using Incidents.Web.Data;
using Incidents.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Reports.Areas;

/// <summary>An open countermeasure, by age.</summary>
public sealed record OpenCountermeasure(
    long Id, string Title, CountermeasureKind Kind, CountermeasureState State, long? ProblemId, string? Owner, DateTimeOffset CreatedAt, DateOnly? DueOn, AgeBucket Age, bool Overdue);

/// <summary>What happened to countermeasures and problems in the period.</summary>
public sealed record CountermeasureFlow(
    int Created, int Done, int Shipped, int VerifiedEffective, int Ineffective, int AwaitingVerification, int ProblemsReopened, int Incidents, int KnownErrorIncidents);

public sealed record CountermeasureAreaReport(ReportFilter Filter, DateTimeOffset Now, IReadOnlyList<OpenCountermeasure> Open, CountermeasureFlow Flow, CountermeasureFlow Previous)
{
    public int OpenOverdue => Open.Count(c => c.Overdue);

    public int OpenAt(AgeBucket age, CountermeasureKind? kind = null) => Open.Count(c => c.Age == age && (kind is null || c.Kind == kind));
}

/// <summary>
/// Countermeasures: the open ones now by age (0–7, 8–30, 31–90, over 90 days since proposed) and kind; over the period,
/// those proposed, done, shipped, verified effective and found ineffective (their problem recurred), problems reopened by
/// a recurrence, and incidents that matched a known error (linked to a problem with a workaround). Scoped by the
/// countermeasure's team or its problem's service; severity does not apply.
/// </summary>
internal sealed class ReportCountermeasures(IDbContextFactory<IncidentsDbContext> contexts, RollUpIncidents rollups, TimeProvider clock) : IReportArea
{
    private static readonly CountermeasureState[] OpenStates = [CountermeasureState.Proposed, CountermeasureState.Accepted, CountermeasureState.InProgress];

    public string Key => "countermeasures";

    public IReadOnlyList<string> Tables { get; } = ["countermeasures"];

    public async Task<CountermeasureAreaReport> HandleAsync(ReportFilter filter, CancellationToken cancellationToken = default)
    {
        await rollups.EnsureBuiltAsync(cancellationToken);

        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var scoped = db.Countermeasures.AsNoTracking()
            .Where(c => filter.ServiceId == null || db.Problems.Any(p => p.Id == c.ProblemId && p.ServiceId == filter.ServiceId))
            .Where(c => filter.TeamId == null || c.TeamId == filter.TeamId
                || db.Problems.Any(p => p.Id == c.ProblemId && db.Services.Any(s => s.Id == p.ServiceId && s.TeamId == filter.TeamId)));
        var open = await scoped.Where(c => OpenStates.Contains(c.State))
            .Select(c => new { c.Id, c.Title, c.Kind, c.State, c.ProblemId, Owner = db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.DisplayName).FirstOrDefault(), c.CreatedAt, c.DueOn })
            .ToListAsync(cancellationToken);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var items = open.Select(c => new OpenCountermeasure(c.Id, c.Title, c.Kind, c.State, c.ProblemId, c.Owner, c.CreatedAt, c.DueOn, Aging.Of(c.CreatedAt, now), c.DueOn < today))
            .OrderByDescending(c => c.Age).ThenBy(c => c.CreatedAt).ToList();
        var scopedServices = await db.Services.AsNoTracking().Where(s => (filter.ServiceId == null || s.Id == filter.ServiceId) && (filter.TeamId == null || s.TeamId == filter.TeamId))
            .Select(s => s.Id).ToListAsync(cancellationToken);
        return new CountermeasureAreaReport(filter, now, items, await FlowAsync(db, scoped, scopedServices, filter, cancellationToken),
            await FlowAsync(db, scoped, scopedServices, filter.Previous, cancellationToken));
    }

    private static async Task<CountermeasureFlow> FlowAsync(
        IncidentsDbContext db, IQueryable<Countermeasure> scoped, List<long> scopedServices, ReportFilter f, CancellationToken cancellationToken)
    {
        var created = await scoped.CountAsync(c => c.CreatedAt >= f.From && c.CreatedAt < f.Until, cancellationToken);
        var done = await scoped.Where(c => c.DoneAt >= f.From && c.DoneAt < f.Until)
            .GroupBy(c => 1)
            .Select(g => new
            {
                Done = g.Count(),
                Shipped = g.Count(c => c.ShippedAt != null),
                Verified = g.Count(c => c.State == CountermeasureState.Verified && !c.Ineffective),
                Ineffective = g.Count(c => c.Ineffective),
                Waiting = g.Count(c => c.State == CountermeasureState.Done && !c.Ineffective),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var problems = db.Problems.AsNoTracking().Where(p => scopedServices.Contains(p.ServiceId));
        var reopened = await db.ProblemHistory.AsNoTracking()
            .Where(e => e.Kind == ProblemEventKind.Recurred && e.At >= f.From && e.At < f.Until && problems.Any(p => p.Id == e.ProblemId))
            .Select(e => e.ProblemId).Distinct().CountAsync(cancellationToken);
        // Incidents of the period from the daily rollups; those that matched a known error from the (few) problem links.
        var (first, end) = (RollUpIncidents.DayOf(f.From), RollUpIncidents.DayOf(f.Until));
        var total = await db.IncidentDays.AsNoTracking().Where(d => d.Day >= first && d.Day < end && scopedServices.Contains(d.ServiceId)).SumAsync(d => d.Count, cancellationToken);
        var known = await db.ProblemIncidents.AsNoTracking()
            .Where(l => db.Problems.Any(p => p.Id == l.ProblemId && p.Workaround != null))
            .Join(db.Incidents, l => l.IncidentId, i => i.Id, (l, i) => i)
            .Where(i => i.TriggeredAt >= f.From && i.TriggeredAt < f.Until && i.DuplicateOfId == null && scopedServices.Contains(i.ServiceId))
            .Select(i => i.Id).Distinct().CountAsync(cancellationToken);
        return new CountermeasureFlow(created, done?.Done ?? 0, done?.Shipped ?? 0, done?.Verified ?? 0, done?.Ineffective ?? 0, done?.Waiting ?? 0, reopened, total, known);
    }

    public async Task<ReportExport> ExportAsync(ReportFilter filter, CancellationToken cancellationToken)
    {
        var report = await HandleAsync(filter, cancellationToken);
        var table = new ReportTable("countermeasures",
            ["countermeasure", "title", "kind", "state", "problem", "owner", "proposed", "due", "age", "overdue"],
            report.Open.Select(c => (IReadOnlyList<string>)
            [
                Cells.Id(c.Id), c.Title, c.Kind.ToString(), c.State.ToString(), c.ProblemId is { } p ? Problem.Format(p) : "", c.Owner ?? "",
                Cells.Instant(c.CreatedAt), Cells.Day(c.DueOn), Aging.Label(c.Age), c.Overdue ? "yes" : "no",
            ]));
        var json = new
        {
            from = filter.From,
            until = filter.Until,
            open = new
            {
                total = report.Open.Count,
                overdue = report.OpenOverdue,
                byAge = Enum.GetValues<AgeBucket>().ToDictionary(a => Aging.Label(a), a => report.OpenAt(a)),
            },
            period = Json(report.Flow),
            previous = Json(report.Previous),
        };
        return new ReportExport(json, [table]);
    }

    private static object Json(CountermeasureFlow f) => new
    {
        created = f.Created,
        done = f.Done,
        shipped = f.Shipped,
        verifiedEffective = f.VerifiedEffective,
        ineffective = f.Ineffective,
        awaitingVerification = f.AwaitingVerification,
        problemsReopenedByRecurrence = f.ProblemsReopened,
        incidents = f.Incidents,
        incidentsMatchingAKnownError = f.KnownErrorIncidents,
    };
}
