using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Changes.Manage;

/// <summary>
/// Recording changes and moving them through their life cycle: the portal, the API and the pipelines call these, so
/// one set of rules (the domain's) decides. Every step is on the change's history and the audit trail.
/// </summary>
internal sealed class ManageChanges(IDbContextFactory<IncidentsDbContext> contexts, Microsoft.Extensions.Options.IOptions<Problems.ProblemOptions> problems, TimeProvider clock)
{
    /// <summary>A person records a change; <paramref name="submit"/> sends it for approval at once (a standard change is approved by it).</summary>
    public async Task<(Outcome Outcome, long? ChangeId)> RecordAsync(ChangeRequest request, Actor by, ChangeSource source, bool submit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Services.AnyAsync(s => s.Id == request.ServiceId, cancellationToken))
        {
            return (Outcome.Invalid("Choose the service the change is to."), null);
        }

        if (request.CountermeasureId is { } countermeasureId && !await db.Countermeasures.AnyAsync(c => c.Id == countermeasureId, cancellationToken))
        {
            return (Outcome.Invalid("The countermeasure this change ships does not exist."), null);
        }

        var outside = request.PlannedStart is { } plannedStart && request.PlannedEnd is { } plannedEnd && plannedEnd > plannedStart
            ? await Windows.ManageWindows.WhyOutsideAsync(db, request.ServiceId, request.Type, plannedStart, plannedEnd, cancellationToken)
            : null;
        if (outside is not null && string.IsNullOrWhiteSpace(request.OutsideWindowReason))
        {
            return (Outcome.Invalid(OutsideWithoutReason(outside)), null);
        }

        var now = clock.GetUtcNow();
        var (outcome, change) = Change.Record(request with { OutsideWindowReason = outside is null ? null : request.OutsideWindowReason }, by, source, now);
        if (!outcome.Succeeded)
        {
            return (outcome, null);
        }

        change!.Follow(await Procedures.ManageProcedures.CurrentAsync(db, change.Type, now, cancellationToken));
        if (submit)
        {
            change.Submit(by, now);
        }

        db.Changes.Add(change!);
        await db.ActingAs(by).SaveChangesAsync(cancellationToken);
        db.ChangeEvents.Add(new ChangeEvent(change!.Id, by.Id, by.Name, now,
            $"Recorded as a {Describe(change.Type)} {Label(change.Kind).ToLowerInvariant()} change ({change.Risk.ToString().ToLowerInvariant()} risk)" +
            (submit ? change.Type == ChangeType.Standard ? "; a standard change, so approved." : "; submitted for approval." : " as a draft.")
            + (outside is null ? "" : $" {outside} Why: {change.OutsideWindowReason}")));
        await db.ActingAs(by).SaveChangesAsync(cancellationToken);
        return (Outcome.Success, change.Id);
    }

    /// <summary>
    /// One step: submit, approve or reject (with a reason; who may is the domain's four-eyes rule), start, complete,
    /// fail, roll back, cancel. <paramref name="expectedVersion"/>, when given, refuses a stale view.
    /// </summary>
    public async Task<Outcome> ActAsync(long changeId, ChangeAction action, Actor by, string? reason = null, int? expectedVersion = null,
        (DateTimeOffset Start, DateTimeOffset End)? schedule = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var change = await db.Changes.Include(c => c.Approvals).SingleOrDefaultAsync(c => c.Id == changeId, cancellationToken);
        if (change is null)
        {
            return Outcome.NotFound($"{Change.Format(changeId)} does not exist.");
        }

        if (expectedVersion is { } expected && expected != change.Version)
        {
            return Outcome.Conflict($"{change.Number} changed meanwhile; reload to see it.");
        }

        var now = clock.GetUtcNow();
        var standing = await StandingAsync(db, change, by, cancellationToken);
        if (change.WhyNot(action, standing) is { Kind: OutcomeKind.Forbidden } refused)
        {
            return refused;
        }

        var before = change.Status;
        var outcome = action switch
        {
            ChangeAction.Submit => change.Submit(by, now),
            ChangeAction.Approve => change.Approve(by, standing.IsAdmin, standing.OwnsTheService, reason, now),
            ChangeAction.Reject => change.Reject(by, standing.IsAdmin, standing.OwnsTheService, reason, now),
            ChangeAction.Start => change.Start(now),
            ChangeAction.Complete => change.Finish(ChangeStatus.Completed, now),
            ChangeAction.Fail => change.Finish(ChangeStatus.Failed, now),
            ChangeAction.RollBack => change.Finish(ChangeStatus.RolledBack, now),
            ChangeAction.Cancel => change.Cancel(reason),
            ChangeAction.Schedule => schedule is { } window ? await ScheduleAsync(db, change, window.Start, window.End, reason, cancellationToken) : Outcome.Invalid("Schedule a change with its planned start and end."),
        };
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        db.ChangeEvents.Add(new ChangeEvent(change.Id, by.Id, by.Name, now, History(change, action, before, reason)));
        if (before != change.Status)
        {
            await ShipCountermeasures.InAsync(db, change, by, now, problems.Value.WatchWindow, cancellationToken);
        }
        try
        {
            await db.ActingAs(by).SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Conflict($"{change.Number} changed meanwhile; reload to see it.");
        }

        return outcome;
    }

    /// <summary>Plans the change into a window; outside the service's windows (or in a freeze) a normal change needs the reason.</summary>
    private static async Task<Outcome> ScheduleAsync(IncidentsDbContext db, Change change, DateTimeOffset start, DateTimeOffset end, string? reason, CancellationToken cancellationToken)
    {
        var outside = end > start ? await Windows.ManageWindows.WhyOutsideAsync(db, change.ServiceId, change.Type, start, end, cancellationToken) : null;
        if (outside is not null && string.IsNullOrWhiteSpace(reason))
        {
            return Outcome.Invalid(OutsideWithoutReason(outside));
        }

        return change.Schedule(start, end, outside is null ? null : reason);
    }

    private static string OutsideWithoutReason(string why) =>
        $"{why} Say why it cannot wait for a window, or record it as an emergency change.";

    /// <summary>A countermeasure a change may ship, with its problem's service, to start the form with; null when it does not exist.</summary>
    public async Task<(long Id, string Title, Domain.Problems.CountermeasureKind Kind, long? ServiceId)?> CountermeasureAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Countermeasures.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Id, c.Title, c.Kind, ServiceId = db.Problems.Where(p => p.Id == c.ProblemId).Select(p => (long?)p.ServiceId).FirstOrDefault() })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.Id, found.Title, found.Kind, found.ServiceId);
    }

    /// <summary>Ticks step <paramref name="step"/> of the change's procedure (or unticks it); for those who may move the change on.</summary>
    public async Task<Outcome> MarkStepAsync(long changeId, int step, bool done, Actor by, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var change = await db.Changes.Include(c => c.StepsDone).SingleOrDefaultAsync(c => c.Id == changeId, cancellationToken);
        if (change is null)
        {
            return Outcome.NotFound($"{Change.Format(changeId)} does not exist.");
        }

        if (expectedVersion is { } expected && expected != change.Version)
        {
            return Outcome.Conflict($"{change.Number} changed meanwhile; reload to see it.");
        }

        if (change.WhyNotOperator(await StandingAsync(db, change, by, cancellationToken)) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var procedure = change.ProcedureId is { } procedureId ? await db.ChangeProcedures.SingleAsync(p => p.Id == procedureId, cancellationToken) : null;
        if (procedure is null)
        {
            // Recorded before procedures existed (or by a pipeline): it follows the current one from now on.
            procedure = await Procedures.ManageProcedures.CurrentAsync(db, change.Type, now, cancellationToken);
            change.Follow(procedure);
        }

        var outcome = change.MarkStep(procedure, step, done, by, now);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        db.ChangeEvents.Add(new ChangeEvent(change.Id, by.Id, by.Name, now, $"{(done ? "Done" : "Not done after all")}: {procedure.Steps[step]}."));
        try
        {
            await db.ActingAs(by).SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Outcome.Conflict($"{change.Number} changed meanwhile; reload to see it.");
        }

        return outcome;
    }

    /// <summary>What the domain needs to know of <paramref name="by"/> to say what they may do with <paramref name="change"/>.</summary>
    public static async Task<ChangeStanding> StandingAsync(IncidentsDbContext db, Change change, Actor by, CancellationToken cancellationToken)
    {
        if (by.Id is not { } userId)
        {
            return new ChangeStanding(by, false, false, false);
        }

        var roles = await Users.PersonRoles.OfAsync(db, userId, cancellationToken);
        var owns = await Catalog.ServiceOwners.Of(db, change.ServiceId).AnyAsync(u => u == userId, cancellationToken);
        return new ChangeStanding(by, roles.Contains(Role.Admin), owns, Permissions.Allows(roles, Permission.ManageChanges));
    }

    private static string History(Change change, ChangeAction action, ChangeStatus before, string? reason)
    {
        var because = string.IsNullOrWhiteSpace(reason) ? "" : $": {reason.Trim()}";
        return action switch
        {
            ChangeAction.Approve when change.ApprovedAt is null => $"Approved ({change.ApprovalsGiven} of {change.ApprovalsNeeded}){because}.",
            ChangeAction.Approve when change.StartedAt is not null => $"Approved after the fact ({change.ApprovalsGiven} of {change.ApprovalsNeeded}){because}.",
            ChangeAction.Approve => $"Approved{because}.",
            ChangeAction.Reject => change.StartedAt is not null ? $"Rejected after the fact{because}." : $"Rejected{because}.",
            ChangeAction.Cancel => $"Cancelled{because}.",
            ChangeAction.Submit => change.Status == ChangeStatus.Approved ? "Submitted; a standard change, so approved." : "Submitted for approval.",
            _ => $"{Change.Label(before)} → {Change.Label(change.Status)}.",
        };
    }

    public static string Describe(ChangeType type) => type switch
    {
        ChangeType.Standard => "standard",
        ChangeType.Normal => "normal",
        ChangeType.Emergency => "emergency",
    };

    public static string Label(ChangeKind kind) => kind switch
    {
        ChangeKind.Deployment => "Deployment",
        ChangeKind.Configuration => "Configuration",
        ChangeKind.Infrastructure => "Infrastructure",
        ChangeKind.DataFix => "Data fix",
        ChangeKind.Access => "Access",
        ChangeKind.Other => "Other",
    };

    public static string Label(ChangeAction action) => action switch
    {
        ChangeAction.Submit => "Submit for approval",
        ChangeAction.Approve => "Approve",
        ChangeAction.Reject => "Reject",
        ChangeAction.Schedule => "Schedule",
        ChangeAction.Start => "Start",
        ChangeAction.Complete => "Completed",
        ChangeAction.Fail => "Failed",
        ChangeAction.RollBack => "Rolled back",
        ChangeAction.Cancel => "Cancel",
    };
}
