using Incidents.Domain;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Incidents.Web.Features.Problems.Countermeasures;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Problems.Backlog;

/// <summary>Backlog items' states flow back into their countermeasures (webhooks and the reconcile job). The caller saves.</summary>
internal static class FollowBacklog
{
    public static async Task<int> ApplyAsync(
        IncidentsDbContext db, BacklogSystem system, long teamId, IReadOnlyList<BacklogItem> items, Actor by, DateTimeOffset at, TimeSpan watchWindow, CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.Id).ToList();
        var countermeasures = await db.Countermeasures
            .Where(c => c.BacklogSystem == system && c.TeamId == teamId && ids.Contains(c.BacklogItemId!))
            .ToDictionaryAsync(c => c.BacklogItemId!, cancellationToken);
        var changed = 0;
        foreach (var item in items)
        {
            // Only a change of the tracker's state moves the board: a fix that proved ineffective stays in progress even
            // though its (closed) issue is read again.
            if (!countermeasures.TryGetValue(item.Id, out var countermeasure) || countermeasure.BacklogState == item.StateLabel)
            {
                continue;
            }

            var before = countermeasure.State;
            if (countermeasure.FollowBacklog(item.State, item.StateLabel, at))
            {
                changed++;
                if (countermeasure.ProblemId is { } problemId)
                {
                    db.ProblemHistory.Add(new ProblemEvent(problemId, ProblemEventKind.BacklogStateChanged, by, at,
                        $"{Name(system, item.Id)} is {item.StateLabel}: “{countermeasure.Title}” is now {Countermeasure.Describe(countermeasure.State)}."));
                }

                await ProblemProgress.FollowAsync(db, countermeasure, before, by, at, watchWindow, cancellationToken);
            }
        }

        return changed;
    }

    public static string Name(BacklogSystem system, string id) => system switch
    {
        BacklogSystem.GitHub => $"GitHub issue #{id}",
        BacklogSystem.AzureDevOps => $"Azure DevOps work item {id}",
    };
}
