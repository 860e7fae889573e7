using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Problems.Candidates;

internal sealed record CandidateRow(string Fingerprint, long ServiceId, string ServiceName, string Key, int Count, DateTimeOffset First, DateTimeOffset Last, string LatestTitle, IReadOnlyList<long> IncidentIds);

/// <summary>
/// Possible problems for the dashboard: a fingerprint (service + alert name or dedup key) recurring at least three
/// times in thirty days, among incidents not yet linked to a problem, when no open problem has that fingerprint.
/// </summary>
internal sealed class FindCandidateProblems(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<CandidateRow>> HandleAsync(int max = 10, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var since = now - Recurrence.Window;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var recent = db.Incidents.AsNoTracking()
            .Where(i => i.Fingerprint != null && i.TriggeredAt > since && i.TriggeredAt <= now)
            .Where(i => !db.ProblemIncidents.Any(l => l.IncidentId == i.Id))
            .Where(i => !db.Problems.Any(p => p.Fingerprint == i.Fingerprint && p.Status != ProblemStatus.Closed && p.Status != ProblemStatus.Verified));
        // Counting happens in the database; only the frequent fingerprints' incidents are read.
        var frequent = await recent.GroupBy(i => i.Fingerprint!).Where(g => g.Count() >= Recurrence.Threshold)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).Take(max).ToListAsync(cancellationToken);
        if (frequent.Count == 0)
        {
            return [];
        }

        var incidents = await recent.Where(i => frequent.Contains(i.Fingerprint!))
            .Select(i => new { i.Id, i.Fingerprint, i.TriggeredAt, i.Title, i.ServiceId }).ToListAsync(cancellationToken);
        var services = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var titles = incidents.ToDictionary(i => i.Id);
        return Recurrence.Candidates(incidents.Select(i => new FingerprintedIncident(i.Id, i.Fingerprint!, i.TriggeredAt)), now)
            .Select(c =>
            {
                var latest = titles[c.IncidentIds[^1]];
                var key = c.Fingerprint[(c.Fingerprint.IndexOf('|', StringComparison.Ordinal) + 1)..];
                return new CandidateRow(c.Fingerprint, latest.ServiceId, services.GetValueOrDefault(latest.ServiceId, ""), key, c.Count, c.First, c.Last, latest.Title, c.IncidentIds);
            })
            .ToList();
    }
}
