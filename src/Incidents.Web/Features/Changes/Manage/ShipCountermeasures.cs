using Incidents.Domain;
using Incidents.Domain.Changes;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Incidents.Web.Features.Problems;
using Incidents.Web.Features.Problems.Countermeasures;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Changes.Manage;

/// <summary>
/// A production change completed: the countermeasure it ships is done and stamped as shipped, and its problem's watch
/// for a recurrence starts now (again, if its tickets had closed before the fix reached production). Runs in the
/// change's own unit of work; the caller saves.
/// </summary>
internal static class ShipCountermeasures
{
    public static async Task InAsync(IncidentsDbContext db, Change change, Actor by, DateTimeOffset at, TimeSpan watchWindow, CancellationToken cancellationToken)
    {
        if (!change.ShippedToProduction || change.CountermeasureId is not { } countermeasureId)
        {
            return;
        }

        var countermeasure = await db.Countermeasures.SingleOrDefaultAsync(c => c.Id == countermeasureId, cancellationToken);
        if (countermeasure is null)
        {
            return;
        }

        var before = countermeasure.State;
        if (!countermeasure.Ship(change.Id, at))
        {
            return;
        }

        db.ChangeEvents.Add(new ChangeEvent(change.Id, by.Id, by.Name, at, $"Shipped the countermeasure “{countermeasure.Title}” to production."));
        if (countermeasure.ProblemId is not { } problemId)
        {
            return;
        }

        db.ProblemHistory.Add(new ProblemEvent(problemId, ProblemEventKind.CountermeasureMoved, by, at,
            $"“{countermeasure.Title}” reached production with {change.Number}."));
        await ProblemProgress.FollowAsync(db, countermeasure, before, by, at, watchWindow, cancellationToken);
        var problem = await db.Problems.SingleAsync(p => p.Id == problemId, cancellationToken);
        if (before is CountermeasureState.Done or CountermeasureState.Verified && problem.FixReachedProduction(at, watchWindow))
        {
            db.ProblemHistory.Add(new ProblemEvent(problemId, ProblemEventKind.FixShipped, by, at,
                $"The fix reached production with {change.Number}: watching for a recurrence until {problem.WatchUntil:yyyy-MM-dd HH:mm} UTC."));
        }
    }
}
