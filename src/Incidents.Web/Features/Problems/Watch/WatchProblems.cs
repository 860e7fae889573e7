using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.Notices;
using Incidents.Web.Features.Problems.Link;
using Incidents.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Problems.Watch;

/// <summary>
/// The closed loop, run every minute. New incidents whose fingerprint belongs to a problem are linked to it: a known
/// error stamps its workaround on the incident; a problem inside its watch window reopens, its done countermeasures
/// are marked ineffective, both timelines say so and the owners are told. Problems whose window passed cleanly are
/// verified, with their countermeasures. Safe to run twice: a linked incident is not looked at again.
/// </summary>
internal sealed partial class WatchProblems(
    IDbContextFactory<IncidentsDbContext> contexts,
    IIncidentNotifier notifier,
    IOptions<ProblemOptions> options,
    TimeProvider clock,
    ILogger<WatchProblems> logger)
{
    public const string JobId = "problems-watch";

    // Incidents committed late (a long transaction) are still seen: each run re-reads this far behind its cursor.
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    public async Task<WatchResult> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ActingAs(Actor.System);
        var cursor = await db.JobCursors.SingleOrDefaultAsync(c => c.Name == JobId, cancellationToken);
        if (cursor is null)
        {
            cursor = new JobCursor(JobId, now - options.Value.WatchWindow);
            db.JobCursors.Add(cursor);
        }

        var since = cursor.Position - Overlap;
        var watched = await db.Problems.Where(p => p.Fingerprint != null && p.Status != ProblemStatus.Closed && p.Status != ProblemStatus.Verified)
            .ToListAsync(cancellationToken);
        var byFingerprint = watched.GroupBy(p => p.Fingerprint!).ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.CreatedAt).First());
        var fingerprints = byFingerprint.Keys.ToList();
        var incidents = fingerprints.Count == 0 ? [] : await db.Incidents.AsNoTracking()
            .Where(i => i.TriggeredAt >= since && i.TriggeredAt <= now && fingerprints.Contains(i.Fingerprint!))
            .Where(i => !db.ProblemIncidents.Any(l => l.IncidentId == i.Id))
            .OrderBy(i => i.TriggeredAt)
            .Select(i => new { i.Id, i.Title, i.Fingerprint, i.TriggeredAt })
            .Take(500)
            .ToListAsync(cancellationToken);

        var recurred = 0;
        var linked = new List<long>();
        foreach (var incident in incidents)
        {
            var problem = byFingerprint[incident.Fingerprint!];
            if (problem.CreatedAt > incident.TriggeredAt)
            {
                continue;
            }

            var fixedAt = problem.ResolvedAt;
            LinkProblem.Attach(db, problem, incident.Id, incident.Title, Actor.System, now, " (same fingerprint)");
            linked.Add(incident.Id);
            if (problem.Recurred(incident.Fingerprint!, incident.TriggeredAt))
            {
                recurred++;
                await RecurAsync(db, problem, incident.Id, fixedAt, now, cancellationToken);
            }
            else if (problem.Workaround is { } workaround)
            {
                db.Timeline.Add(TimelineEntry.For(incident.Id, TimelineKind.KnownError, Actor.System, now, $"Known error {problem.Number}: workaround {workaround}"));
            }
        }

        var verified = 0;
        foreach (var problem in await db.Problems.Where(p => p.Status == ProblemStatus.Resolved && p.WatchUntil < now).ToListAsync(cancellationToken))
        {
            if (!problem.VerifyIfWatchPassed(now))
            {
                continue;
            }

            verified++;
            var done = await db.Countermeasures.Where(c => c.ProblemId == problem.Id && c.State == CountermeasureState.Done).ToListAsync(cancellationToken);
            done.ForEach(c => c.Verify(now));
            db.ProblemHistory.Add(new ProblemEvent(problem.Id, ProblemEventKind.Verified, Actor.System, now,
                $"No recurrence in the {options.Value.WatchWindowDays}-day watch window: the fix is verified" + (done.Count > 0 ? $" ({done.Count} countermeasure(s) verified)." : ".")));
        }

        // A full page means more is waiting: resume after what was read; otherwise everything up to now was seen.
        cursor.Position = incidents.Count == 500 ? incidents[^1].TriggeredAt + Overlap : now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone linked one of these incidents meanwhile (unique per incident); the next run re-reads.
            return new WatchResult(0, 0, 0);
        }

        foreach (var id in linked)
        {
            await notifier.PublishAsync(new IncidentChanged(id, 0, Actor.System.Name, IncidentChangeKind.Problem));
        }

        if (recurred + verified > 0)
        {
            LogWatched(logger, linked.Count, recurred, verified);
        }

        return new WatchResult(linked.Count, recurred, verified);
    }

    private static async Task RecurAsync(IncidentsDbContext db, Problem problem, long incidentId, DateTimeOffset? fixedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var shipped = await db.Countermeasures.Where(c => c.ProblemId == problem.Id && (c.State == CountermeasureState.Done || c.State == CountermeasureState.Verified))
            .ToListAsync(cancellationToken);
        shipped.ForEach(c => c.MarkIneffective(now));
        var fixedOn = fixedAt is { } f ? $" (fixed {f:yyyy-MM-dd})" : "";
        db.ProblemHistory.Add(new ProblemEvent(problem.Id, ProblemEventKind.Recurred, Actor.System, now,
            $"Recurred in {Incident.Format(incidentId)} inside the watch window{fixedOn}: reopened; "
            + (shipped.Count == 0 ? "no countermeasure was done." : $"{string.Join(", ", shipped.Select(c => $"“{c.Title}”"))} marked ineffective.")));
        db.Timeline.Add(TimelineEntry.For(incidentId, TimelineKind.Recurred, Actor.System, now,
            $"Recurrence of {problem.Number} {problem.Title}{fixedOn}: the problem is reopened and its countermeasures are marked ineffective."));

        var owners = shipped.Where(c => c.OwnerId is not null).Select(c => c.OwnerId!).Append(problem.OwnerId).OfType<string>().Distinct();
        foreach (var owner in owners)
        {
            var theirs = shipped.Where(c => c.OwnerId == owner).Select(c => $"“{c.Title}”").ToList();
            db.Notices.Add(new Notice($"recurred:{problem.Id}:{incidentId}:{owner}", owner, $"{problem.Number} recurred: {problem.Title}",
                $"{Incident.Format(incidentId)} has the same fingerprint as {problem.Number}, inside its watch window{fixedOn}. "
                + (theirs.Count > 0 ? $"Your countermeasure {string.Join(", ", theirs)} did not prevent it and is back in progress, marked ineffective." : "The problem is reopened for investigation."),
                $"/problems/{problem.Id}", now));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Problem watch: {Linked} incidents linked, {Recurred} recurrences, {Verified} problems verified")]
    private static partial void LogWatched(ILogger logger, int linked, int recurred, int verified);
}

internal sealed record WatchResult(int Linked, int Recurred, int Verified);
