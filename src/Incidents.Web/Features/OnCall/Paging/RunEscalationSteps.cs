using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.OnCall.Paging;

/// <summary>
/// The dispatcher's first job: take due escalation steps and page their level. Each step is claimed with a
/// conditional update (only one dispatcher wins it), then done in one transaction that re-checks the claim, so two
/// app instances on one database never page a step twice, and a step claimed by an instance that died is taken
/// over when its lease runs out.
/// </summary>
internal sealed partial class RunEscalationSteps(
    IDbContextFactory<IncidentsDbContext> contexts,
    IIncidentNotifier notifier,
    PagingSignal signal,
    IOptions<PagingOptions> options,
    TimeProvider clock,
    ILogger<RunEscalationSteps> logger)
{
    private static readonly Actor Engine = new(null, "Escalation");

    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        List<long> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.EscalationSteps.AsNoTracking()
                .Where(s => s.Status == StepStatus.Pending && s.DueAt <= now && (s.ClaimedUntil == null || s.ClaimedUntil < now))
                .OrderBy(s => s.DueAt).Select(s => s.Id).Take(100).ToListAsync(cancellationToken);
        }

        var done = 0;
        foreach (var id in due)
        {
            var claim = Guid.NewGuid().ToString("N");
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var claimed = await db.EscalationSteps
                .Where(s => s.Id == id && s.Status == StepStatus.Pending && (s.ClaimedUntil == null || s.ClaimedUntil < now))
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.ClaimedBy, claim).SetProperty(s => s.ClaimedUntil, now.AddSeconds(options.Value.StepLeaseSeconds)), cancellationToken);
            if (claimed == 1 && await RunAsync(id, claim, cancellationToken))
            {
                done++;
            }
        }

        return done;
    }

    private async Task<bool> RunAsync(long stepId, string claim, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var step = await db.EscalationSteps.SingleAsync(s => s.Id == stepId, cancellationToken);
        if (step.Status != StepStatus.Pending || step.ClaimedBy != claim)
        {
            return false;
        }

        var run = await db.EscalationRuns.SingleAsync(r => r.Id == step.RunId, cancellationToken);
        var incident = await db.Incidents.AsNoTracking().Where(i => i.Id == step.IncidentId).Select(i => new { i.Id, i.Status }).SingleAsync(cancellationToken);
        var policy = await db.EscalationPolicies.AsNoTracking().Include(p => p.Levels).SingleOrDefaultAsync(p => p.Id == run.PolicyId, cancellationToken);
        db.ActingAs(Engine);

        if (run.Status != RunStatus.Active || !incident.Status.AwaitsAcknowledgement())
        {
            step.Cancel(now);
            if (run.End(!incident.Status.IsOpen() ? RunStatus.Resolved : RunStatus.Acknowledged, now))
            {
                db.Timeline.Add(TimelineEntry.For(incident.Id, TimelineKind.EscalationStopped, Engine, now,
                    $"Escalation stopped: {Incident.Format(incident.Id)} is {incident.Status.ToString().ToLowerInvariant()}."));
            }
        }
        else if (policy is null || step.Level >= policy.Levels.Count)
        {
            step.Complete(now);
            run.End(RunStatus.Exhausted, now);
            db.Timeline.Add(TimelineEntry.For(incident.Id, TimelineKind.EscalationStopped, Engine, now, policy is null
                ? "Escalation stopped: its policy was deleted."
                : $"Nobody acknowledged: escalation policy **{policy.Name}** is exhausted{(policy.Repeats > 0 ? $" after {policy.Repeats + 1} passes" : "")}."));
        }
        else
        {
            var level = policy.LevelAt(step.Level);
            var (people, gaps) = await OnCallPeople.ResolveAsync(db, level.Targets, now, cancellationToken);
            await OnCallPeople.PageAsync(db, incident.Id, people, run, step, $"{policy.Name}, level {step.Level + 1}", now, cancellationToken);
            run.ReachedStep(step.Position);
            var pass = step.Cycle > 0 ? $", pass {step.Cycle + 1}" : "";
            var paged = people.Count == 0 ? "nobody to page" : "paged " + OnCallPeople.Describe(people);
            var missing = gaps.Count == 0 ? "" : $" ({string.Join("; ", gaps)})";
            var first = step.Level == 0 && step.Cycle == 0;
            db.Timeline.Add(TimelineEntry.For(incident.Id, first ? TimelineKind.Paged : TimelineKind.Escalated, Engine, now, first
                ? $"Level 1 of **{policy.Name}**: {paged}{missing}."
                : $"Not acknowledged in time: escalated to level {step.Level + 1} of **{policy.Name}**{pass}: {paged}{missing}."));

            // The next step (or the policy's end) waits this level's full timeout from now.
            var next = policy.After(step.Position) ?? new EscalationPosition(policy.Levels.Count, step.Cycle);
            db.EscalationSteps.Add(new EscalationStep(run.Id, incident.Id, next, now + level.Timeout));
            step.Complete(now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // The claim ran out and another dispatcher took the step (its token no longer matches), or it was done.
            LogLostClaim(logger, ex, stepId);
            return false;
        }

        signal.Wake();
        await notifier.PublishAsync(new IncidentChanged(incident.Id, 0, Engine.Name, IncidentChangeKind.Paging));
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation step {StepId} was taken over by another dispatcher; not paged twice")]
    private static partial void LogLostClaim(ILogger logger, Exception exception, long stepId);
}
