namespace Incidents.Domain.Reports;

/// <summary>
/// Median, 90th percentile and mean of a set of durations. The median is the middle value (the mean of the two middle
/// ones for an even count); the p90 is the nearest rank: the smallest value at least 90 % of the values do not exceed.
/// The mean is shown beside them only: a single three-day incident makes it useless as a headline.
/// </summary>
public sealed record DurationStats(int Count, TimeSpan? Median, TimeSpan? P90, TimeSpan? Mean)
{
    public static DurationStats Empty { get; } = new(0, null, null, null);

    public static DurationStats Of(IEnumerable<TimeSpan> durations)
    {
        var sorted = durations.Select(d => d < TimeSpan.Zero ? TimeSpan.Zero : d).Order().ToList();
        if (sorted.Count == 0)
        {
            return Empty;
        }

        var n = sorted.Count;
        var median = n % 2 == 1 ? sorted[n / 2] : TimeSpan.FromTicks((sorted[(n / 2) - 1].Ticks + sorted[n / 2].Ticks) / 2);
        var p90 = sorted[(int)Math.Ceiling(0.9 * n) - 1];
        var mean = TimeSpan.FromTicks((long)sorted.Average(d => (double)d.Ticks));
        return new DurationStats(n, median, p90, mean);
    }
}

/// <summary>How an incident did against one SLA target.</summary>
public enum SlaOutcome
{
    /// <summary>No target for it.</summary>
    NoTarget,

    /// <summary>Done within the target.</summary>
    Met,

    /// <summary>Done late, or not done and already past due.</summary>
    Missed,

    /// <summary>Not done, not due yet: not counted either way.</summary>
    Pending,
}

/// <summary>SLA compliance: the share of incidents with a target whose outcome is known that met it.</summary>
public sealed record SlaFigure(int Met, int Missed, int Pending)
{
    public int Counted => Met + Missed;

    public decimal? Rate => Counted == 0 ? null : (decimal)Met / Counted;
}

/// <summary>
/// The measures of the Reports pages, as PRODUCT.md defines them. Incidents: time to acknowledge is the first
/// acknowledgement − triggered (never-acknowledged ones counted apart); time to resolve is the final resolution −
/// triggered (a reopened incident counts once, to its last resolution). SLA compliance: met / (met + missed).
/// Availability: 1 − impact / period, the impact being the union of SEV1–SEV2 intervals from triggered to mitigated
/// (or resolved), clipped to the period.
/// </summary>
public static class Measures
{
    public static TimeSpan? TimeToAcknowledge(DateTimeOffset triggeredAt, DateTimeOffset? firstAcknowledgedAt) =>
        firstAcknowledgedAt is { } at ? Positive(at - triggeredAt) : null;

    public static TimeSpan? TimeToResolve(DateTimeOffset triggeredAt, DateTimeOffset? resolvedAt) =>
        resolvedAt is { } at ? Positive(at - triggeredAt) : null;

    public static SlaOutcome Sla(DateTimeOffset? dueAt, DateTimeOffset? doneAt, DateTimeOffset now) => (dueAt, doneAt) switch
    {
        (null, _) => SlaOutcome.NoTarget,
        ({ } due, { } done) => done <= due ? SlaOutcome.Met : SlaOutcome.Missed,
        ({ } due, null) => now > due ? SlaOutcome.Missed : SlaOutcome.Pending,
    };

    public static SlaFigure SlaOf(IEnumerable<SlaOutcome> outcomes)
    {
        int met = 0, missed = 0, pending = 0;
        foreach (var outcome in outcomes)
        {
            switch (outcome)
            {
                case SlaOutcome.Met: met++; break;
                case SlaOutcome.Missed: missed++; break;
                case SlaOutcome.Pending: pending++; break;
            }
        }

        return new SlaFigure(met, missed, pending);
    }

    /// <summary>
    /// The outage an incident is for availability: from triggered to mitigated, or resolved if it never was; still
    /// open, until <paramref name="now"/>.
    /// </summary>
    public static Interval Outage(DateTimeOffset triggeredAt, DateTimeOffset? mitigatedAt, DateTimeOffset? resolvedAt, DateTimeOffset now) =>
        new(triggeredAt, mitigatedAt ?? resolvedAt ?? now);

    /// <summary>
    /// Availability of a service over [<paramref name="from"/>, <paramref name="until"/>) from its outages, against its
    /// target (a percentage, e.g. 99.9): the share available, the impact, and the error budget left. A period still
    /// running is measured until <paramref name="now"/>.
    /// </summary>
    public static AvailabilityFigure Availability(IEnumerable<Interval> outages, DateTimeOffset from, DateTimeOffset until, decimal targetPercent, DateTimeOffset now)
    {
        var end = until < now ? until : now;
        return Availability(end > from ? Intervals.Covered(outages, from, end) : TimeSpan.Zero, from, until, targetPercent, now);
    }

    /// <summary>The same from the impact already merged (e.g. summed over days, each merged on its own), capped at the period.</summary>
    public static AvailabilityFigure Availability(TimeSpan impact, DateTimeOffset from, DateTimeOffset until, decimal targetPercent, DateTimeOffset now)
    {
        var end = until < now ? until : now;
        var period = end > from ? end - from : TimeSpan.Zero;
        impact = impact > period ? period : impact;
        var budget = TimeSpan.FromTicks((long)(period.Ticks * (double)(1 - (targetPercent / 100m))));
        decimal? availability = period == TimeSpan.Zero ? null : 1 - ((decimal)impact.Ticks / period.Ticks);
        return new AvailabilityFigure(period, impact, availability, targetPercent / 100m, budget, budget - impact);
    }

    private static TimeSpan Positive(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}

/// <summary>Availability over a period: the share of it without SEV1–SEV2 impact, the target, and the error budget.</summary>
public sealed record AvailabilityFigure(TimeSpan Period, TimeSpan Impact, decimal? Availability, decimal Target, TimeSpan Budget, TimeSpan BudgetLeft)
{
    public bool MeetsTarget => Availability is not { } a || a >= Target;

    /// <summary>The share of the error budget left (negative when overspent); null without a budget (a 100 % target).</summary>
    public decimal? BudgetLeftShare => Budget <= TimeSpan.Zero ? null : (decimal)BudgetLeft.Ticks / Budget.Ticks;
}
