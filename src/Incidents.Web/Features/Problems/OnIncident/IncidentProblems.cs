using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Problems.OnIncident;

internal sealed record ProblemBrief(long Id, string Title, ProblemStatus Status, string? Workaround)
{
    public string Number => Problem.Format(Id);
}

/// <summary>An incident's side of problem management: its problem, and known errors that match its fingerprint.</summary>
internal sealed record IncidentProblemInfo(ProblemBrief? Linked, IReadOnlyList<ProblemBrief> KnownErrors);

internal sealed class IncidentProblems(IDbContextFactory<IncidentsDbContext> contexts)
{
    public async Task<IncidentProblemInfo> HandleAsync(long incidentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var linked = await db.ProblemIncidents.Where(l => l.IncidentId == incidentId)
            .Join(db.Problems, l => l.ProblemId, p => p.Id, (l, p) => new ProblemBrief(p.Id, p.Title, p.Status, p.Workaround))
            .SingleOrDefaultAsync(cancellationToken);
        var fingerprint = await db.Incidents.Where(i => i.Id == incidentId).Select(i => i.Fingerprint).SingleOrDefaultAsync(cancellationToken);
        var showing = Problem.KnownErrorStatuses;
        // A known error's workaround shows at once on a new incident with its fingerprint, before the watch job links it.
        var known = fingerprint is null ? [] : await db.Problems.AsNoTracking()
            .Where(p => p.Fingerprint == fingerprint && p.Workaround != null && showing.Contains(p.Status))
            .OrderByDescending(p => p.CreatedAt)
            .Select(p => new ProblemBrief(p.Id, p.Title, p.Status, p.Workaround))
            .Take(3).ToListAsync(cancellationToken);
        if (linked is not null && Problem.ShowsKnownError(linked.Status, linked.Workaround) && known.All(k => k.Id != linked.Id))
        {
            known.Insert(0, linked);
        }

        return new IncidentProblemInfo(linked, known);
    }
}
