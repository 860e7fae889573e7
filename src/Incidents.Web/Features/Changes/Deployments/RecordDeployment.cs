using Incidents.Domain;
using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Changes.Deployments;

public enum DeploymentState
{
    InProgress,
    Succeeded,
    Failed,
}

/// <summary>A deployment as a pipeline reports it, whatever the pipeline (GitHub, Azure DevOps, a script).</summary>
internal sealed record Deployment(
    long ServiceId, string Environment, string ExternalKey, DeploymentState State, ChangeSource Source,
    string? CommitSha, string? Ref, string? Url, string? By, string? Description, DateTimeOffset? CommittedAt = null);

/// <summary>What became of a deployment: the change it is, and whether it bypassed the process.</summary>
internal sealed record DeploymentResult(long ChangeId, bool Bypassed, bool Created);

/// <summary>
/// A deployment from a pipeline: the change it belongs to moves (started, completed, failed). A deployment of a
/// service with an approved change waiting (in its planned window, or started recently) is that change; one with
/// none becomes a change of its own, marked as having bypassed the process, awaiting approval after the fact —
/// never dropped. Redeliveries of the same deployment update the same change.
/// </summary>
internal sealed class RecordDeployment(IDbContextFactory<IncidentsDbContext> contexts, IOptions<ChangeOptions> options, IOptions<Problems.ProblemOptions> problems, TimeProvider clock)
{
    public async Task<DeploymentResult> HandleAsync(Deployment deployment, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryAsync(deployment, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // A concurrent delivery of the same deployment took the key (or the change) first: read it again.
            }
        }
    }

    private async Task<DeploymentResult> TryAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var actor = new Actor(null, deployment.By is { Length: > 0 } by ? $"{deployment.Source} ({by})" : deployment.Source.ToString());
        var change = await db.Changes.Include(c => c.Approvals).SingleOrDefaultAsync(c => c.ExternalKey == deployment.ExternalKey, cancellationToken);
        var created = false;
        if (change is null && string.Equals(deployment.Environment, Change.Production, StringComparison.OrdinalIgnoreCase))
        {
            change = await CoveringAsync(db, deployment.ServiceId, now, cancellationToken);
            if (change is not null)
            {
                change.Attach(deployment.ExternalKey, deployment.CommitSha, deployment.Ref, deployment.Url);
                db.ChangeEvents.Add(new ChangeEvent(change.Id, null, actor.Name, now,
                    $"Deployment {Short(deployment.CommitSha)} from {deployment.Source} is this change.".Replace("  ", " ", StringComparison.Ordinal)));
            }
        }

        if (change is null)
        {
            var status = deployment.State switch
            {
                DeploymentState.InProgress => ChangeStatus.InProgress,
                DeploymentState.Succeeded => ChangeStatus.Completed,
                DeploymentState.Failed => ChangeStatus.Failed,
            };
            var title = deployment.Description is { Length: > 0 } d ? d : $"Deploy {Short(deployment.CommitSha) ?? deployment.Ref ?? "a new version"} to {deployment.Environment}";
            change = Change.Bypass(deployment.ServiceId, deployment.Environment, title, deployment.Source, deployment.ExternalKey,
                deployment.CommitSha, deployment.Ref, deployment.Url, deployment.By, status, now);
            change.Follow(await Procedures.ManageProcedures.CurrentAsync(db, change.Type, now, cancellationToken));
            db.Changes.Add(change);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeEvents.Add(new ChangeEvent(change.Id, null, actor.Name, now, change.Bypassed
                ? $"Deployed by {deployment.Source} without an approved change: recorded as a bypass, awaiting two approvals after the fact."
                : $"Deployed to {change.Environment} by {deployment.Source}; outside production, so not counted."));
            created = true;
        }
        else
        {
            var before = change.Status;
            var moved = deployment.State switch
            {
                DeploymentState.InProgress when change.WhyNot(ChangeAction.Start) is null => change.Start(now).Succeeded,
                DeploymentState.Succeeded when !change.IsFinished => change.Finish(ChangeStatus.Completed, now).Succeeded,
                DeploymentState.Failed when !change.IsFinished => change.Finish(ChangeStatus.Failed, now).Succeeded,
                _ => false,
            };
            if (moved)
            {
                db.ChangeEvents.Add(new ChangeEvent(change.Id, null, actor.Name, now, $"{Change.Label(before)} → {Change.Label(change.Status)} ({deployment.Source} reported the deployment)."));
                await Manage.ShipCountermeasures.InAsync(db, change, actor, now, problems.Value.WatchWindow, cancellationToken);
            }
        }

        change.CommittedOn(deployment.CommittedAt);
        await db.ActingAs(actor).SaveChangesAsync(cancellationToken);
        return new DeploymentResult(change.Id, change.Bypassed, created);
    }

    /// <summary>
    /// The approved production change a deployment of the service now is: in progress (started within the match window),
    /// or approved or scheduled with the moment inside its planned window (give or take the match window) or without one.
    /// </summary>
    private async Task<Change?> CoveringAsync(IncidentsDbContext db, long serviceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var slack = TimeSpan.FromMinutes(options.Value.MatchWindowMinutes);
        var candidates = await db.Changes.Include(c => c.Approvals)
            .Where(c => c.ServiceId == serviceId && c.ExternalKey == null && !c.Bypassed && c.Environment == Change.Production
                && (c.Status == ChangeStatus.Approved || c.Status == ChangeStatus.Scheduled || c.Status == ChangeStatus.InProgress))
            .ToListAsync(cancellationToken);
        return candidates
            .Where(c => c.Status == ChangeStatus.InProgress
                ? c.StartedAt >= now - slack
                : c.PlannedStart is not { } start || (start - slack <= now && now <= (c.PlannedEnd ?? start) + slack))
            .OrderByDescending(c => c.Status == ChangeStatus.InProgress)
            .ThenBy(c => c.PlannedStart ?? c.CreatedAt)
            .FirstOrDefault();
    }

    private static string? Short(string? sha) => sha is { Length: > 7 } ? sha[..7] : sha;
}
