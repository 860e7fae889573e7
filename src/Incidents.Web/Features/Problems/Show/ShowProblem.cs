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
    IReadOnlyList<ProblemHistoryItem> History)
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
        return new ProblemDetails(problem.Id, problem.Title, problem.Status, problem.ServiceId, service.Name, service.TeamId, problem.Fingerprint, problem.OwnerId, owner,
            problem.Whys, problem.ContributingFactors, problem.Category, problem.RootCause, problem.Workaround, problem.ClosedReason, problem.CreatedAt,
            problem.ResolvedAt, problem.WatchUntil, problem.Version,
            Enum.GetValues<ProblemAction>().Where(a => problem.WhyNot(a) is null).ToList(), incidents, countermeasures, history);
    }
}
