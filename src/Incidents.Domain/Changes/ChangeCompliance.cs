using System.Linq.Expressions;
using Incidents.Domain.Postmortems;

namespace Incidents.Domain.Changes;

/// <summary>
/// What process compliance needs to know of a finished production change; read as one row (no approvals), so a
/// quarter of changes is measured without loading them whole.
/// </summary>
public sealed record ComplianceCase(
    long Id, long ServiceId, ChangeType Type, bool Bypassed, ChangeSource Source, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    DateTimeOffset? ApprovedAt, bool RejectedAfterTheFact, DateTimeOffset CreatedAt)
{
    /// <summary>Approved only after it happened: emergencies and bypasses.</summary>
    public bool ApprovedAfterTheFact => Type == ChangeType.Emergency || Bypassed;

    public bool AwaitsApprovalAfterTheFact => ApprovedAfterTheFact && ApprovedAt is null && !RejectedAfterTheFact && StartedAt is not null;

    /// <summary>
    /// Why it did not go through the process (null when it did): a standard change always does; a normal change when
    /// it was approved before it started; an emergency or a bypass when approved after the fact by the deadline.
    /// </summary>
    public string? MissedBecause(DateTimeOffset approvalDeadline)
    {
        if (ApprovedAfterTheFact)
        {
            return RejectedAfterTheFact ? "rejected after the fact"
                : ApprovedAt is null ? (Bypassed ? (Source == ChangeSource.Detected ? "detected, not approved" : "bypassed the process, not approved") : "emergency, not approved yet")
                : ApprovedAt > approvalDeadline ? "approved after the deadline"
                : null;
        }

        return Type switch
        {
            ChangeType.Standard => null,
            _ when ApprovedAt is null => "no approval",
            _ when StartedAt is { } started && ApprovedAt > started => "approved after it started",
            _ => null,
        };
    }
}

/// <summary>A change that missed the process, and why.</summary>
public sealed record ComplianceMiss(long ChangeId, string Reason);

/// <summary>
/// Process compliance over a period: changes through the process / production changes finished in it. Pending
/// counts emergencies and bypasses still inside their approval deadline, which may yet come through.
/// </summary>
public sealed record ComplianceFigure(int Total, int Through, int Pending, IReadOnlyList<ComplianceMiss> Misses)
{
    /// <summary>The share through the process, or null when nothing was changed (no figure is better than 100 %).</summary>
    public decimal? Rate => Total == 0 ? null : (decimal)Through / Total;

    public bool Meets(decimal goal) => Rate is not { } rate || rate >= goal;
}

public static class ChangeCompliance
{
    public const decimal DefaultGoal = 0.97m;

    /// <summary>The deadline for approvals after the fact: N business days after the change started (UTC).</summary>
    public static DateTimeOffset ApprovalDeadline(Change change, int businessDays) => ApprovalDeadline(change.Case, businessDays);

    public static DateTimeOffset ApprovalDeadline(ComplianceCase change, int businessDays) =>
        PostmortemPolicy.DueAt(change.StartedAt ?? change.EndedAt ?? change.CreatedAt, businessDays, TimeZoneInfo.Utc);

    /// <summary>Whether a change counts at all: a production change that finished (completed, failed or rolled back).</summary>
    public static bool Counts(Change change) => change.IsProduction && change.IsFinished;

    /// <summary>The figure for the changes that count among <paramref name="changes"/>, as of <paramref name="now"/>.</summary>
    public static ComplianceFigure Of(IEnumerable<Change> changes, int emergencyApprovalDays, DateTimeOffset now) =>
        OfCounted(changes.Where(Counts).Select(c => c.Case), emergencyApprovalDays, now);

    /// <summary>The figure for changes that all count (finished production changes, filtered by the caller's query).</summary>
    public static ComplianceFigure OfCounted(IEnumerable<ComplianceCase> changes, int emergencyApprovalDays, DateTimeOffset now)
    {
        var all = changes as IReadOnlyCollection<ComplianceCase> ?? changes.ToList();
        return Of(all.Count, all.Where(MayMiss), emergencyApprovalDays, now);
    }

    /// <summary>
    /// The figure of <paramref name="total"/> counted changes of which only <paramref name="mayMiss"/> can have missed
    /// the process (<see cref="MayMissProcess"/>): every other one went through it, so a query reads only these whole.
    /// </summary>
    public static ComplianceFigure Of(int total, IEnumerable<ComplianceCase> mayMiss, int emergencyApprovalDays, DateTimeOffset now)
    {
        int pending = 0;
        var misses = new List<ComplianceMiss>();
        foreach (var change in mayMiss)
        {
            var deadline = ApprovalDeadline(change, emergencyApprovalDays);
            if (change.MissedBecause(deadline) is not { } reason)
            {
                continue;
            }

            var late = change.AwaitsApprovalAfterTheFact && now > deadline;
            if (change.AwaitsApprovalAfterTheFact && !late)
            {
                pending++;
            }

            misses.Add(new ComplianceMiss(change.Id, late ? "not approved by the deadline" : reason));
        }

        return new ComplianceFigure(total, total - misses.Count, pending, misses);
    }

    /// <summary>
    /// The changes that can have missed the process: emergencies, bypasses, and normal changes not approved before they
    /// started (or rejected after). A standard change, or a normal one approved before it started, always went through.
    /// </summary>
    public static Expression<Func<Change, bool>> MayMissProcess { get; } = c =>
        c.Bypassed || c.Type == ChangeType.Emergency
        || (c.Type == ChangeType.Normal && (c.ApprovedAt == null || c.ApprovedAt > c.StartedAt || c.RejectedAfterTheFact));

    private static readonly Func<Change, bool> MayMissCompiled = MayMissProcess.Compile();

    /// <summary>A change as compliance reads it: the one projection, for queries and (compiled) for <see cref="Change.Case"/>.</summary>
    public static Expression<Func<Change, ComplianceCase>> AsCase { get; } = c =>
        new ComplianceCase(c.Id, c.ServiceId, c.Type, c.Bypassed, c.Source, c.StartedAt, c.EndedAt, c.ApprovedAt, c.RejectedAfterTheFact, c.CreatedAt);

    private static readonly Func<Change, ComplianceCase> AsCaseCompiled = AsCase.Compile();

    /// <summary><see cref="AsCase"/> for a change in memory.</summary>
    public static ComplianceCase CaseOf(Change change) => AsCaseCompiled(change);

    /// <summary><see cref="MayMissProcess"/> for a case already read.</summary>
    public static bool MayMiss(ComplianceCase c) =>
        c.Bypassed || c.Type == ChangeType.Emergency
        || (c.Type == ChangeType.Normal && (c.ApprovedAt == null || c.ApprovedAt > c.StartedAt || c.RejectedAfterTheFact));

    /// <summary>Whether <paramref name="change"/> can have missed the process (the compiled <see cref="MayMissProcess"/>).</summary>
    public static bool MayMiss(Change change) => MayMissCompiled(change);

    /// <summary>Monday 00:00 UTC of the week holding <paramref name="at"/>: compliance is shown per week.</summary>
    public static DateTimeOffset WeekOf(DateTimeOffset at)
    {
        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    /// <summary>
    /// The figure of each of the <paramref name="weeks"/> weeks up to the one holding <paramref name="now"/>, oldest
    /// first, from when each counted change ended (<paramref name="ended"/>) and the whole cases of those that may have
    /// missed the process.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset Week, ComplianceFigure Figure)> Weekly(
        IEnumerable<DateTimeOffset> ended, IEnumerable<ComplianceCase> mayMiss, int weeks, int emergencyApprovalDays, DateTimeOffset now)
    {
        var thisWeek = WeekOf(now);
        var totals = ended.GroupBy(WeekOf).ToDictionary(g => g.Key, g => g.Count());
        var candidates = mayMiss.Where(c => c.EndedAt is not null).ToLookup(c => WeekOf(c.EndedAt!.Value));
        return Enumerable.Range(0, weeks).Select(i => thisWeek.AddDays(-7 * (weeks - 1 - i)))
            .Select(week => (week, Of(totals.GetValueOrDefault(week), candidates[week], emergencyApprovalDays, now)))
            .ToList();
    }
}
