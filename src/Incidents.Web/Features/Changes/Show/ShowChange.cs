using Incidents.Domain;
using Incidents.Domain.Changes;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.Changes.Manage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Changes.Show;

public sealed record ChangeHistoryLine(DateTimeOffset At, string ActorName, string Text);

public sealed record ChangeIncidentLink(long IncidentId, string Number, string Title, ChangeRelation Relation);

/// <summary>One step of the change's documented procedure: done (by whom, when) or not yet.</summary>
public sealed record ChecklistStep(int Index, string Title, string? DoneBy, DateTimeOffset? DoneAt);

/// <summary>The procedure version a change follows, its steps, and whether the viewer may tick them.</summary>
public sealed record ChangeChecklist(ChangeType Type, int Version, IReadOnlyList<ChecklistStep> Steps, bool CanTick)
{
    public int Done => Steps.Count(s => s.DoneAt is not null);
}

/// <summary>One step a person can take, or why they can't (shown by the button).</summary>
public sealed record ChangeActionOption(ChangeAction Action, string Label, string? WhyNot);

public sealed record ChangeDetails(
    long Id, string Number, string Title, string? Description, string ServiceName, string ServiceSlug, string TeamName, string Environment,
    ChangeKind Kind, ChangeType Type, ChangeRisk Risk, ChangeStatus Status, ChangeSource Source, bool Bypassed, string RequesterName,
    string? Implementer, DateTimeOffset? PlannedStart, DateTimeOffset? PlannedEnd, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    DateTimeOffset? ApprovedAt, DateTimeOffset? ApprovalDeadline, string? CommitSha, string? Ref, string? Url, int ApprovalsNeeded, int ApprovalsGiven,
    IReadOnlyList<ChangeApproval> Approvals, IReadOnlyList<ChangeHistoryLine> History, IReadOnlyList<ChangeIncidentLink> Incidents,
    string? MissedBecause, bool Counts, int Version, IReadOnlyList<ChangeActionOption> Actions, ChangeChecklist Checklist);

/// <summary>A change with its approvals, history, incidents and what the viewer may do with it now.</summary>
internal sealed class ShowChange(IDbContextFactory<IncidentsDbContext> contexts, IOptions<ChangeOptions> options, TimeProvider clock)
{
    public async Task<ChangeDetails?> HandleAsync(long id, Actor viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var change = await db.Changes.AsNoTracking().Include(c => c.Approvals).Include(c => c.StepsDone).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (change is null)
        {
            return null;
        }

        var service = await db.Services.AsNoTracking().Where(s => s.Id == change.ServiceId)
            .Select(s => new { s.Name, s.Slug, Team = db.Teams.Where(t => t.Id == s.TeamId).Select(t => t.Name).FirstOrDefault() }).SingleAsync(cancellationToken);
        var history = await db.ChangeEvents.AsNoTracking().Where(e => e.ChangeId == id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new ChangeHistoryLine(e.At, e.ActorName, e.Text)).ToListAsync(cancellationToken);
        var incidents = await db.IncidentChanges.AsNoTracking().Where(l => l.ChangeId == id)
            .Join(db.Incidents, l => l.IncidentId, i => i.Id, (l, i) => new { l.IncidentId, i.Title, l.Relation })
            .ToListAsync(cancellationToken);
        var standing = await ManageChanges.StandingAsync(db, change, viewer, cancellationToken);
        var counts = ChangeCompliance.Counts(change);
        var deadline = change.ApprovedAfterTheFact && change.StartedAt is not null ? ChangeCompliance.ApprovalDeadline(change, options.Value.EmergencyApprovalDays) : (DateTimeOffset?)null;
        var actions = Enum.GetValues<ChangeAction>()
            .Select(a => new ChangeActionOption(a, ManageChanges.Label(a), change.WhyNot(a, standing)?.Error))
            // Show a step when it is possible, or possible in this state for someone else (so the reason is visible).
            .Where(o => o.WhyNot is null || change.WhyNot(o.Action) is null)
            .ToList();
        var procedure = change.ProcedureId is { } procedureId
            ? await db.ChangeProcedures.AsNoTracking().SingleAsync(p => p.Id == procedureId, cancellationToken)
            : await Procedures.ManageProcedures.CurrentAsync(db, change.Type, clock.GetUtcNow(), cancellationToken);
        var checklist = new ChangeChecklist(procedure.Type, procedure.Version,
            procedure.Steps.Select((title, i) => change.StepsDone.FirstOrDefault(d => d.Step == i) is { } done
                ? new ChecklistStep(i, title, done.ByName, done.At)
                : new ChecklistStep(i, title, null, null)).ToList(),
            change.WhyNotOperator(standing) is null && change.Status is not (ChangeStatus.Rejected or ChangeStatus.Cancelled));
        return new ChangeDetails(change.Id, change.Number, change.Title, change.Description, service.Name, service.Slug, service.Team ?? "", change.Environment,
            change.Kind, change.Type, change.Risk, change.Status, change.Source, change.Bypassed, change.RequesterName, change.Implementer,
            change.PlannedStart, change.PlannedEnd, change.StartedAt, change.EndedAt, change.ApprovedAt, deadline, change.CommitSha, change.Ref, change.Url,
            change.ApprovalsNeeded, change.ApprovalsGiven, change.Approvals.OrderBy(a => a.At).ToList(), history,
            incidents.Select(i => new ChangeIncidentLink(i.IncidentId, Incident.Format(i.IncidentId), i.Title, i.Relation)).ToList(),
            counts ? change.MissedBecause(deadline ?? ChangeCompliance.ApprovalDeadline(change, options.Value.EmergencyApprovalDays)) : null,
            counts, change.Version, actions, checklist);
    }
}
