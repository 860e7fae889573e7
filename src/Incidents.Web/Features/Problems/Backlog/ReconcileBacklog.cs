using Incidents.Domain;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Problems.Backlog;

/// <summary>
/// The recurring job that reads every tracked backlog item's state, catching what webhooks missed (a delivery lost,
/// a hook not set up yet). Safe to run twice: applying a state that is already applied changes nothing.
/// </summary>
internal sealed partial class ReconcileBacklog(
    IDbContextFactory<IncidentsDbContext> contexts,
    IEnumerable<IBacklogClient> clients,
    ManageBacklogConnections connections,
    IOptions<ProblemOptions> options,
    TimeProvider clock,
    ILogger<ReconcileBacklog> logger)
{
    public const string JobId = "backlog-reconcile";

    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var all = await db.BacklogConnections.ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var connection in all)
        {
            var ids = await db.Countermeasures
                .Where(c => c.TeamId == connection.TeamId && c.BacklogSystem == connection.System && c.BacklogItemId != null && c.State != CountermeasureState.Verified)
                .OrderBy(c => c.BacklogSyncedAt).Select(c => c.BacklogItemId!).Take(500).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            try
            {
                if (ids.Count > 0)
                {
                    var items = await clients.Single(c => c.System == connection.System).GetAsync(connections.Target(connection), ids, cancellationToken);
                    var by = new Actor(null, $"{(connection.System == BacklogSystem.GitHub ? "GitHub" : "Azure DevOps")} (reconcile)");
                    db.ActingAs(by);
                    changed += await FollowBacklog.ApplyAsync(db, connection.System, connection.TeamId, items, by, now, options.Value.WatchWindow, cancellationToken);
                }

                connection.LastError = null;
            }
            catch (BacklogException ex)
            {
                connection.LastError = ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
                LogFailed(logger, ex, connection.TeamId);
            }

            connection.LastReconciledAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return changed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling the backlog of team {TeamId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long teamId);
}
