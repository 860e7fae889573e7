using Incidents.Domain.Incidents;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Incidents.Web.Features.Problems.Countermeasures;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Problems.Show;

public sealed record LinkedIncident(long Id, string Title, Severity Severity, IncidentStatus Status, DateTimeOffset TriggeredAt, string LinkedByName)
{
    public string Number => Incident.Format(Id);
}

/// <summary>A change the problem's incidents are linked to (caused or fixed one), or one that ships a countermeasure of it.</summary>
public sealed record ProblemChange(long Id, string Title, Domain.Changes.ChangeStatus Status, string ServiceName, DateTimeOffset? EndedAt, string How)
{
    public string Number => Domain.Changes.Change.Format(Id);
}

public sealed record ProblemHistoryItem(DateTimeOffset At, string ActorName, bool BySystem, ProblemEventKind Kind, string Text);

public sealed record ProblemDetails(
    long Id,
    string Title,
    ProblemStatus Status,
    long ServiceId,
    string ServiceName,
    long TeamId,
    string? Fingerprint,
    string? OwnerId,
    string? OwnerName,
    IReadOnlyList<string> Whys,
    IReadOnlyList<string> ContributingFactors,
    RootCauseCategory? Category,
    string? RootCause,
    string? Workaround,
    string? ClosedReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? WatchUntil,
    int Version,
    IReadOnlyList<ProblemAction> Actions,
    IReadOnlyList<LinkedIncident> Incidents,
    IReadOnlyList<CountermeasureRow> Countermeasures,
    IReadOnlyList<ProblemHistoryItem> History,
    IReadOnlyList<ProblemChange>? Changes = null)
{
    public string Number => Problem.Format(Id);
}

/// <summary>One problem with its analysis, incidents, countermeasures and history.</summary>
internal sealed class ShowProblem(IDbContextFactory<IncidentsDbContext> contexts)
{
    public async Task<ProblemDetails?> HandleAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var problem = await db.Problems.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (problem is null)
        {
            return null;
        }

        var service = await db.Services.AsNoTracking().Where(s => s.Id == problem.ServiceId).Select(s => new { s.Name, s.TeamId }).SingleAsync(cancellationToken);
        var owner = problem.OwnerId is null ? null : await db.Users.Where(u => u.Id == problem.OwnerId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        var incidents = await db.ProblemIncidents.AsNoTracking().Where(l => l.ProblemId == id)
            .Join(db.Incidents, l => l.IncidentId, i => i.Id, (l, i) => new { Link = l, Incident = i })
            .OrderByDescending(x => x.Incident.TriggeredAt).Take(200)
            .Select(x => new LinkedIncident(x.Incident.Id, x.Incident.Title, x.Incident.Severity, x.Incident.Status, x.Incident.TriggeredAt, x.Link.LinkedByName))
            .ToListAsync(cancellationToken);
        var history = await db.ProblemHistory.AsNoTracking().Where(e => e.ProblemId == id).OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new ProblemHistoryItem(e.At, e.ActorName, e.ActorId == null, e.Kind, e.Text)).Take(500).ToListAsync(cancellationToken);
        var countermeasures = await ManageCountermeasures.RowsAsync(db, db.Countermeasures.Where(c => c.ProblemId == id), cancellationToken);
        var changes = await ChangesAsync(db, id, cancellationToken);
        return new ProblemDetails(problem.Id, problem.Title, problem.Status, problem.ServiceId, service.Name, service.TeamId, problem.Fingerprint, problem.OwnerId, owner,
            problem.Whys, problem.ContributingFactors, problem.Category, problem.RootCause, problem.Workaround, problem.ClosedReason, problem.CreatedAt,
            problem.ResolvedAt, problem.WatchUntil, problem.Version,
            Enum.GetValues<ProblemAction>().Where(a => problem.WhyNot(a) is null).ToList(), incidents, countermeasures, history, changes);
    }

    /// <summary>
    /// The changes linked to any of the problem's incidents ("caused INC-12", "fixed INC-12") and those shipping one of its
    /// countermeasures, newest first, one line per change and what ties it to the problem.
    /// </summary>
    private static async Task<List<ProblemChange>> ChangesAsync(IncidentsDbContext db, long problemId, CancellationToken cancellationToken)
    {
        var linked = await db.IncidentChanges.AsNoTracking()
            .Where(ic => db.ProblemIncidents.Any(l => l.ProblemId == problemId && l.IncidentId == ic.IncidentId))
            .Select(ic => new { ic.ChangeId, ic.IncidentId, ic.Relation })
            .Take(200).ToListAsync(cancellationToken);
        var shipping = await db.Changes.AsNoTracking()
            .Where(c => c.CountermeasureId != null && db.Countermeasures.Any(m => m.Id == c.CountermeasureId && m.ProblemId == problemId))
            .Join(db.Countermeasures, c => c.CountermeasureId, m => m.Id, (c, m) => new { c.Id, m.Title })
            .Take(100).ToListAsync(cancellationToken);
        var ids = linked.Select(l => l.ChangeId).Concat(shipping.Select(s => s.Id)).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.Changes.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Join(db.Services, c => c.ServiceId, s => s.Id, (c, s) => new { c.Id, c.Title, c.Status, Service = s.Name, c.EndedAt, c.CreatedAt })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.EndedAt ?? r.CreatedAt).Select(r => new ProblemChange(r.Id, r.Title, r.Status, r.Service, r.EndedAt, string.Join("; ",
                linked.Where(l => l.ChangeId == r.Id).OrderBy(l => l.IncidentId)
                    .Select(l => $"{(l.Relation == Changes.ChangeRelation.CausedBy ? "caused" : "fixed")} {Incident.Format(l.IncidentId)}")
                    .Concat(shipping.Where(s => s.Id == r.Id).Select(s => $"ships \"{s.Title}\"")))))
            .ToList();
    }
}
