using Incidents.Domain;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Problems.Countermeasures;

/// <summary>
/// What a countermeasure's move means for its problem, wherever the move came from (the board, a backlog webhook,
/// the reconcile job): work started puts the problem's fix in progress; the last one done ships the fix and starts
/// the watch window. The caller saves.
/// </summary>
internal static class ProblemProgress
{
    public static async Task FollowAsync(IncidentsDbContext db, Countermeasure countermeasure, CountermeasureState before, Actor by, DateTimeOffset at, TimeSpan watchWindow, CancellationToken cancellationToken)
    {
        if (countermeasure.ProblemId is not { } problemId || countermeasure.State == before)
        {
            return;
        }

        db.ProblemHistory.Add(new ProblemEvent(problemId, ProblemEventKind.CountermeasureMoved, by, at,
            $"“{countermeasure.Title}” moved from {Countermeasure.Describe(before)} to {Countermeasure.Describe(countermeasure.State)}."));
        var problem = await db.Problems.SingleAsync(p => p.Id == problemId, cancellationToken);
        if (countermeasure.State == CountermeasureState.InProgress && problem.FixStarted(at))
        {
            db.ProblemHistory.Add(new ProblemEvent(problemId, ProblemEventKind.StatusChanged, by, at, "Fix in progress: a countermeasure is being worked on."));
        }

        if (countermeasure.State != CountermeasureState.Done)
        {
            return;
        }

        var others = await db.Countermeasures.Where(c => c.ProblemId == problemId && c.Id != countermeasure.Id).Select(c => c.State).ToListAsync(cancellationToken);
        if (others.All(s => s is CountermeasureState.Done or CountermeasureState.Verified or CountermeasureState.Rejected) && problem.FixShipped(at, watchWindow))
        {
            db.ProblemHistory.Add(new ProblemEvent(problemId, ProblemEventKind.FixShipped, by, at,
                $"Every countermeasure is done: the fix shipped. Watching for a recurrence until {problem.WatchUntil:yyyy-MM-dd HH:mm} UTC."));
        }
    }
}
