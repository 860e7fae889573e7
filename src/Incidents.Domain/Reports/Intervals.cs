namespace Incidents.Domain.Reports;

/// <summary>A span of time; an open one (no end yet) is closed at "now" by whoever measures it.</summary>
public readonly record struct Interval(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End > Start ? End - Start : TimeSpan.Zero;
}

/// <summary>Unions of intervals: overlapping and touching ones merged, clipped to a period.</summary>
public static class Intervals
{
    /// <summary>
    /// The intervals merged where they overlap or touch and clipped to [<paramref name="from"/>, <paramref name="until"/>),
    /// in order; empty ones (and those outside the period) dropped.
    /// </summary>
    public static IReadOnlyList<Interval> Union(IEnumerable<Interval> intervals, DateTimeOffset from, DateTimeOffset until)
    {
        var merged = new List<Interval>();
        foreach (var i in intervals
                     .Select(i => new Interval(i.Start < from ? from : i.Start, i.End > until ? until : i.End))
                     .Where(i => i.End > i.Start)
                     .OrderBy(i => i.Start))
        {
            if (merged.Count > 0 && i.Start <= merged[^1].End)
            {
                if (i.End > merged[^1].End)
                {
                    merged[^1] = merged[^1] with { End = i.End };
                }
            }
            else
            {
                merged.Add(i);
            }
        }

        return merged;
    }

    /// <summary>How long the union of the intervals covers within the period.</summary>
    public static TimeSpan Covered(IEnumerable<Interval> intervals, DateTimeOffset from, DateTimeOffset until) =>
        Union(intervals, from, until).Aggregate(TimeSpan.Zero, (total, i) => total + i.Length);
}
