namespace Incidents.Domain.OnCall;

/// <summary>
/// A restriction on a rotation layer, in the schedule's wall-clock time: on the given days from <see cref="From"/>
/// to <see cref="To"/> (past midnight when To ≤ From, so "Mon–Fri 18:00–09:00" covers the nights that start on
/// those days). From = To means the whole day.
/// </summary>
public sealed record TimeWindow(IReadOnlyList<DayOfWeek> Days, TimeOnly From, TimeOnly To)
{
    public static TimeWindow WorkingHours { get; } = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], new TimeOnly(9, 0), new TimeOnly(17, 0));

    public bool Contains(DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        if (From == To)
        {
            return Days.Contains(local.DayOfWeek);
        }

        if (From < To)
        {
            return Days.Contains(local.DayOfWeek) && time >= From && time < To;
        }

        return (Days.Contains(local.DayOfWeek) && time >= From) || (Days.Contains(local.AddDays(-1).DayOfWeek) && time < To);
    }

    /// <summary>Wall-clock times at which this window opens or closes on the given local day.</summary>
    public IEnumerable<DateTime> EdgesOn(DateOnly day)
    {
        if (Days.Contains(day.DayOfWeek))
        {
            yield return day.ToDateTime(From);
            yield return From < To ? day.ToDateTime(To) : day.AddDays(1).ToDateTime(To);
        }
    }

    public string Describe() =>
        $"{DescribeDays()} {From:HH\\:mm}–{To:HH\\:mm}";

    private string DescribeDays()
    {
        var ordered = Days.Distinct().OrderBy(d => ((int)d + 6) % 7).ToList();
        return ordered.Count switch
        {
            7 => "Every day",
            5 when !ordered.Contains(DayOfWeek.Saturday) && !ordered.Contains(DayOfWeek.Sunday) => "Weekdays",
            2 when ordered.Contains(DayOfWeek.Saturday) && ordered.Contains(DayOfWeek.Sunday) => "Weekends",
            _ => string.Join(", ", ordered.Select(d => d.ToString()[..3])),
        };
    }
}
