using Incidents.Domain;
using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Changes.Windows;

public sealed record WindowRow(long Id, string Name, string Scope, long? TeamId, long? ServiceId, string TimeZone, IReadOnlyList<DayOfWeek> Days, TimeOnly From, TimeOnly To,
    IReadOnlyList<Checkpoint> Checkpoints, string Description);

public sealed record FreezeRow(long Id, string Scope, DateTimeOffset Start, DateTimeOffset End, string Reason);

public sealed record WindowInput(long? TeamId, long? ServiceId, string Name, string TimeZone, IReadOnlyList<DayOfWeek> Days, TimeOnly From, TimeOnly To, IReadOnlyList<Checkpoint> Checkpoints);

/// <summary>A change as the readiness report of a window lists it.</summary>
public sealed record ReadinessRow(long Id, string Number, string Title, string ServiceName, ChangeStatus Status, ChangeRisk Risk, int ApprovalsGiven, int ApprovalsNeeded,
    int StepsDone, int Steps, DateTimeOffset? PlannedStart, IReadOnlyList<string> MissedCheckpoints);

/// <summary>One occurrence of a window with the changes planned in it: the agenda of its deployment meeting.</summary>
public sealed record WindowReadiness(WindowOccurrence Occurrence, string Scope, IReadOnlyList<ReadinessRow> Changes);

public sealed record ChangeCalendar(DateTimeOffset From, DateTimeOffset Until, IReadOnlyList<WindowReadiness> Windows, IReadOnlyList<FreezeRow> Freezes, IReadOnlyList<ReadinessRow> Unwindowed);

/// <summary>
/// Deployment windows and freezes per team or service, the planning rule they give normal changes, and the calendar:
/// each window occurrence with its readiness report (the changes planned in it, their state, approvals, risk,
/// checklist progress and the checkpoints they missed), freezes, and the changes planned outside any window.
/// </summary>
internal sealed class ManageWindows(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public async Task<(IReadOnlyList<WindowRow> Windows, IReadOnlyList<FreezeRow> Freezes)> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var scopes = await ScopesAsync(db, cancellationToken);
        var windows = await db.DeploymentWindows.AsNoTracking().OrderBy(w => w.Name).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var freezes = await db.ChangeFreezes.AsNoTracking().Where(f => f.End > now).OrderBy(f => f.Start).ToListAsync(cancellationToken);
        return (windows.Select(w => Row(w, scopes)).ToList(), freezes.Select(f => new FreezeRow(f.Id, scopes.Of(f.TeamId, f.ServiceId), f.Start, f.End, f.Reason)).ToList());
    }

    public async Task<Outcome> SaveAsync(long? id, WindowInput input, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ScopeMissingAsync(db, input.TeamId, input.ServiceId, cancellationToken))
        {
            return Outcome.Invalid("Choose the team or the service the window is for.");
        }

        if (id is { } existingId)
        {
            var window = await db.DeploymentWindows.SingleOrDefaultAsync(w => w.Id == existingId, cancellationToken);
            if (window is null)
            {
                return Outcome.NotFound("That window no longer exists.");
            }

            var edited = window.Edit(input.TeamId, input.ServiceId, input.Name, input.TimeZone, input.Days, input.From, input.To, input.Checkpoints);
            if (!edited.Succeeded)
            {
                return edited;
            }
        }
        else
        {
            var (outcome, window) = DeploymentWindow.Create(input.TeamId, input.ServiceId, input.Name, input.TimeZone, input.Days, input.From, input.To, input.Checkpoints);
            if (!outcome.Succeeded)
            {
                return outcome;
            }

            db.DeploymentWindows.Add(window!);
        }

        await db.ActingAs(by).SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }

    public async Task<Outcome> DeleteWindowAsync(long id, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var removed = await db.DeploymentWindows.Where(w => w.Id == id).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? Outcome.NotFound("That window no longer exists.") : Outcome.Success;
    }

    public async Task<Outcome> FreezeAsync(long? teamId, long? serviceId, DateTimeOffset start, DateTimeOffset end, string? reason, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ScopeMissingAsync(db, teamId, serviceId, cancellationToken))
        {
            return Outcome.Invalid("Choose the team or the service the freeze is for.");
        }

        var (outcome, freeze) = ChangeFreeze.Create(teamId, serviceId, start, end, reason);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        db.ChangeFreezes.Add(freeze!);
        await db.ActingAs(by).SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }

    public async Task<Outcome> DeleteFreezeAsync(long id, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var removed = await db.ChangeFreezes.Where(f => f.Id == id).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? Outcome.NotFound("That freeze no longer exists.") : Outcome.Success;
    }

    /// <summary>The windows and freezes that hold a service: its own and its team's.</summary>
    public static async Task<(IReadOnlyList<DeploymentWindow> Windows, IReadOnlyList<ChangeFreeze> Freezes)> ForServiceAsync(IncidentsDbContext db, long serviceId, CancellationToken cancellationToken)
    {
        var teamId = await db.Services.Where(s => s.Id == serviceId).Select(s => s.TeamId).SingleAsync(cancellationToken);
        var windows = await db.DeploymentWindows.AsNoTracking().Where(w => w.ServiceId == serviceId || w.TeamId == teamId).ToListAsync(cancellationToken);
        var freezes = await db.ChangeFreezes.AsNoTracking().Where(f => f.ServiceId == serviceId || f.TeamId == teamId).ToListAsync(cancellationToken);
        return (windows, freezes);
    }

    /// <summary>Why a change planned so needs a reason (outside the windows, or in a freeze), or null.</summary>
    public static async Task<string?> WhyOutsideAsync(IncidentsDbContext db, long serviceId, ChangeType type, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        if (type != ChangeType.Normal)
        {
            return null;
        }

        var (windows, freezes) = await ForServiceAsync(db, serviceId, cancellationToken);
        return ChangePlanning.WhyOutside(type, start, end, windows, freezes);
    }

    /// <summary>The calendar from <paramref name="from"/> to <paramref name="until"/>: window occurrences with their readiness, freezes, and changes planned outside windows.</summary>
    public async Task<ChangeCalendar> CalendarAsync(DateTimeOffset from, DateTimeOffset until, long? teamId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var scopes = await ScopesAsync(db, cancellationToken);
        var services = await db.Services.AsNoTracking().Select(s => new { s.Id, s.Name, s.TeamId }).ToDictionaryAsync(s => s.Id, cancellationToken);
        var windows = await db.DeploymentWindows.AsNoTracking().Where(w => teamId == null || w.TeamId == teamId || db.Services.Any(s => s.Id == w.ServiceId && s.TeamId == teamId))
            .ToListAsync(cancellationToken);
        var freezes = await db.ChangeFreezes.AsNoTracking().Where(f => f.Start < until && f.End > from).OrderBy(f => f.Start).ToListAsync(cancellationToken);
        var production = Change.Production;
        var planned = await db.Changes.AsNoTracking().Include(c => c.StepsDone).Include(c => c.Approvals)
            .Where(c => c.Environment == production && c.PlannedStart < until && c.PlannedEnd > from
                && c.Status != ChangeStatus.Rejected && c.Status != ChangeStatus.Cancelled)
            .OrderBy(c => c.PlannedStart).Take(500).ToListAsync(cancellationToken);
        if (teamId is { } team)
        {
            planned = planned.Where(c => services.TryGetValue(c.ServiceId, out var s) && s.TeamId == team).ToList();
            freezes = freezes.Where(f => f.TeamId == team || (f.ServiceId is { } sid && services.TryGetValue(sid, out var s) && s.TeamId == team)).ToList();
        }

        var procedureIds = planned.Where(c => c.ProcedureId is not null).Select(c => c.ProcedureId!.Value).Distinct().ToList();
        var stepCounts = (await db.ChangeProcedures.AsNoTracking().Where(p => procedureIds.Contains(p.Id)).ToListAsync(cancellationToken)).ToDictionary(p => p.Id, p => p.Steps.Count);
        ReadinessRow Row(Change c, IReadOnlyList<(Checkpoint Checkpoint, DateTimeOffset Due)> checkpoints) => new(c.Id, c.Number, c.Title,
            services.TryGetValue(c.ServiceId, out var s) ? s.Name : "?", c.Status, c.Risk, c.ApprovalsGiven, c.ApprovalsNeeded, c.StepsDone.Count,
            c.ProcedureId is { } p ? stepCounts.GetValueOrDefault(p) : 0, c.PlannedStart,
            checkpoints.Where(k => k.Due <= now && !k.Checkpoint.IsReachedBy(c.Status)).Select(k => k.Checkpoint.Name).ToList());

        bool Covers(DeploymentWindow w, long serviceId) => w.ServiceId == serviceId || (w.TeamId is { } t && services.TryGetValue(serviceId, out var s) && s.TeamId == t);
        var placed = new HashSet<long>();
        var readiness = windows.SelectMany(w => w.Occurrences(from, until).Select(o =>
            {
                var inside = planned.Where(c => Covers(w, c.ServiceId) && o.Holds(c.PlannedStart!.Value, c.PlannedEnd!.Value)).ToList();
                placed.UnionWith(inside.Select(c => c.Id));
                return new WindowReadiness(o, scopes.Of(w.TeamId, w.ServiceId), inside.Select(c => Row(c, o.Checkpoints)).ToList());
            }))
            .OrderBy(r => r.Occurrence.Start).ToList();
        return new ChangeCalendar(from, until, readiness, freezes.Select(f => new FreezeRow(f.Id, scopes.Of(f.TeamId, f.ServiceId), f.Start, f.End, f.Reason)).ToList(),
            planned.Where(c => !placed.Contains(c.Id)).Select(c => Row(c, [])).ToList());
    }

    private static async Task<bool> ScopeMissingAsync(IncidentsDbContext db, long? teamId, long? serviceId, CancellationToken cancellationToken) =>
        teamId is { } t ? !await db.Teams.AnyAsync(x => x.Id == t, cancellationToken)
        : serviceId is { } s && !await db.Services.AnyAsync(x => x.Id == s, cancellationToken);

    private static WindowRow Row(DeploymentWindow w, Scopes scopes) =>
        new(w.Id, w.Name, scopes.Of(w.TeamId, w.ServiceId), w.TeamId, w.ServiceId, w.TimeZone, w.Days, w.From, w.To, w.Checkpoints, w.Describe());

    private static async Task<Scopes> ScopesAsync(IncidentsDbContext db, CancellationToken cancellationToken) => new(
        await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken),
        await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken));

    private sealed record Scopes(Dictionary<long, string> Teams, Dictionary<long, string> Services)
    {
        public string Of(long? teamId, long? serviceId) =>
            teamId is { } t ? $"Team {Teams.GetValueOrDefault(t, "?")}" : serviceId is { } s ? Services.GetValueOrDefault(s, "?") : "?";
    }
}
