namespace Incidents.Domain.Changes;

/// <summary>What the DORA figures need of a finished production deployment.</summary>
public sealed record DoraChange(long Id, long ServiceId, ChangeStatus Status, DateTimeOffset EndedAt, DateTimeOffset? CommittedAt, DateTimeOffset? IncidentResolvedAt, bool CausedIncident);

/// <summary>The four DORA figures over a period; null where there is nothing to measure.</summary>
public sealed record DoraFigures(int Deployments, double DeploymentsPerWeek, TimeSpan? LeadTime, decimal? ChangeFailureRate, TimeSpan? RecoveryTime);

/// <summary>
/// The DORA four from change records: deployment frequency (finished production deployments per week), lead time for
/// changes (median, first commit → in production, where the source says when it was committed), change failure rate
/// (failed, rolled back, or caused an incident / finished) and failed deployment recovery time (median: until the
/// incident it caused was resolved, or until the service's next successful deployment).
/// </summary>
public static class Dora
{
    public static DoraFigures Of(IReadOnlyList<DoraChange> deployments, DateTimeOffset from, DateTimeOffset until)
    {
        // The period ends now: what ended this instant counts.
        var inPeriod = deployments.Where(d => d.EndedAt >= from && d.EndedAt <= until).OrderBy(d => d.EndedAt).ToList();
        var weeks = Math.Max(1.0, (until - from).TotalDays / 7);
        var leadTimes = inPeriod.Where(d => d.Status == ChangeStatus.Completed && d.CommittedAt is { } c && c <= d.EndedAt)
            .Select(d => d.EndedAt - d.CommittedAt!.Value).ToList();
        var failed = inPeriod.Where(IsFailure).ToList();
        var recoveries = failed.Select(f => RecoveredAfter(f, deployments)).OfType<TimeSpan>().ToList();
        return new DoraFigures(inPeriod.Count, inPeriod.Count / weeks, Median(leadTimes),
            inPeriod.Count == 0 ? null : (decimal)failed.Count / inPeriod.Count, Median(recoveries));
    }

    public static bool IsFailure(DoraChange change) => change.Status is ChangeStatus.Failed or ChangeStatus.RolledBack || change.CausedIncident;

    /// <summary>How long the service took to recover from a failed deployment, or null while it has not.</summary>
    private static TimeSpan? RecoveredAfter(DoraChange failed, IReadOnlyList<DoraChange> all)
    {
        if (failed.CausedIncident)
        {
            return failed.IncidentResolvedAt is { } resolved && resolved >= failed.EndedAt ? resolved - failed.EndedAt : null;
        }

        var next = all.Where(d => d.ServiceId == failed.ServiceId && d.EndedAt > failed.EndedAt && !IsFailure(d)).MinBy(d => d.EndedAt);
        return next is null ? null : next.EndedAt - failed.EndedAt;
    }

    private static TimeSpan? Median(List<TimeSpan> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}

/// <summary>The performance bands of the DORA research (Accelerate State of DevOps).</summary>
public enum DoraBand
{
    Low,
    Medium,
    High,
    Elite,
}

/// <summary>
/// Which band each DORA figure falls in, after the Accelerate State of DevOps report's clusters: deployment frequency
/// (elite: daily or more, high: weekly, medium: monthly, low: less), lead time (elite: under a day, high: under a week,
/// medium: under a month), change failure rate (elite: at most 5 %, high: 10 %, medium: 20 %) and failed deployment
/// recovery time (elite: under an hour, high: under a day, medium: under a week). Null where there is no figure.
/// </summary>
public static class DoraBands
{
    public static DoraBand? Frequency(int deployments, double deploymentsPerWeek) => deployments == 0 ? null : deploymentsPerWeek switch
    {
        >= 7 => DoraBand.Elite,
        >= 1 => DoraBand.High,
        >= 12.0 / 52 => DoraBand.Medium,
        _ => DoraBand.Low,
    };

    public static DoraBand? LeadTime(TimeSpan? leadTime) => Under(leadTime, TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromDays(30));

    public static DoraBand? FailureRate(decimal? rate) => rate switch
    {
        null => null,
        <= 0.05m => DoraBand.Elite,
        <= 0.10m => DoraBand.High,
        <= 0.20m => DoraBand.Medium,
        _ => DoraBand.Low,
    };

    public static DoraBand? Recovery(TimeSpan? recovery) => Under(recovery, TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(7));

    /// <summary>Elite under the first bound, high under the second, medium under the third, else low.</summary>
    private static DoraBand? Under(TimeSpan? span, TimeSpan elite, TimeSpan high, TimeSpan medium) => span is not { } t ? null
        : t < elite ? DoraBand.Elite
        : t < high ? DoraBand.High
        : t < medium ? DoraBand.Medium
        : DoraBand.Low;
}
