using System.Globalization;
using System.Text;

namespace Incidents.Domain.Reports;

/// <summary>
/// Durations counted in buckets 5 % wide (log scale, whole seconds), so that a year of incidents is read as a few
/// thousand small rows and still gives the median and p90 to within 2.5 %: a value is read back as the geometric middle
/// of its bucket. Bucket 0 holds durations under a second. Merging adds the counts; the text form is sparse
/// ("bucket:count,…").
/// </summary>
public sealed class DurationHistogram
{
    public const double Width = 1.05;
    /// <summary>Buckets up to 1.05^399 s (about 3 × 10⁸ s: nine years); longer durations share the last one.</summary>
    public const int Buckets = 400;
    private static readonly double LogWidth = Math.Log(Width);
    private readonly int[] counts = new int[Buckets];

    public int Count { get; private set; }

    public static int BucketOf(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        return seconds < 1 ? 0 : Math.Min(Buckets - 1, 1 + (int)Math.Floor(Math.Log(seconds) / LogWidth));
    }

    /// <summary>What a bucket's durations read as: the geometric middle of its bounds (zero for bucket 0).</summary>
    public static TimeSpan ValueOf(int bucket) => bucket <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Pow(Width, bucket - 0.5));

    public void Add(TimeSpan duration) => Add(BucketOf(duration < TimeSpan.Zero ? TimeSpan.Zero : duration), 1);

    public void Merge(DurationHistogram other)
    {
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            counts[bucket] += other.counts[bucket];
        }

        Count += other.Count;
    }

    /// <summary>Adds the counts of a histogram's text form without building it.</summary>
    public void Merge(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (var pair in text.AsSpan().Split(','))
        {
            var part = text.AsSpan()[pair];
            var colon = part.IndexOf(':');
            if (colon > 0 && int.TryParse(part[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var bucket) && bucket < Buckets
                && int.TryParse(part[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
            {
                Add(bucket, count);
            }
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            if (counts[bucket] > 0)
            {
                text.Append(text.Length == 0 ? "" : ",").Append(bucket.ToString(CultureInfo.InvariantCulture)).Append(':').Append(counts[bucket].ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    /// <summary>The value at a 1-based rank (the nearest-rank method), as its bucket reads.</summary>
    public TimeSpan AtRank(int rank)
    {
        var seen = 0;
        var last = 0;
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            if (counts[bucket] == 0)
            {
                continue;
            }

            seen += counts[bucket];
            last = bucket;
            if (seen >= rank)
            {
                return ValueOf(bucket);
            }
        }

        return ValueOf(last);
    }

    /// <summary>Median and p90 as <see cref="DurationStats"/> defines them, read from the buckets; the mean from the exact total.</summary>
    public DurationStats Stats(TimeSpan total)
    {
        if (Count == 0)
        {
            return DurationStats.Empty;
        }

        var median = Count % 2 == 1 ? AtRank((Count / 2) + 1) : TimeSpan.FromTicks((AtRank(Count / 2).Ticks + AtRank((Count / 2) + 1).Ticks) / 2);
        return new DurationStats(Count, median, AtRank((int)Math.Ceiling(0.9 * Count)), TimeSpan.FromTicks(total.Ticks / Count));
    }

    private void Add(int bucket, int count)
    {
        counts[bucket] += count;
        Count += count;
    }
}
