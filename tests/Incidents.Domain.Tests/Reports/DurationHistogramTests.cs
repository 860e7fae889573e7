using Incidents.Domain.Reports;

namespace Incidents.Domain.Tests.Reports;

public sealed class DurationHistogramTests
{
    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(1, 1)]
    [InlineData(1.04, 1)]
    [InlineData(1.06, 2)]
    [InlineData(60, 84)]
    public void BucketOf_LogScaleFivePercentWide(double seconds, int bucket)
    {
        Assert.Equal(bucket, DurationHistogram.BucketOf(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(59)]
    [InlineData(240)]
    [InlineData(3_600)]
    [InlineData(259_200)]
    public void ValueOf_WithinTwoAndAHalfPercent(double seconds)
    {
        var read = DurationHistogram.ValueOf(DurationHistogram.BucketOf(TimeSpan.FromSeconds(seconds))).TotalSeconds;

        Assert.InRange(read / seconds, 1 / 1.025, 1.025);
    }

    [Fact]
    public void Stats_CloseToTheExactOnes_MeanExact_TextRoundTrips()
    {
        var random = new Random(3);
        var durations = Enumerable.Range(0, 5_000).Select(_ => TimeSpan.FromSeconds(Math.Exp(random.NextDouble() * 12))).ToList();
        var histogram = new DurationHistogram();
        durations.ForEach(histogram.Add);
        var total = durations.Aggregate(TimeSpan.Zero, (a, d) => a + d);

        var exact = DurationStats.Of(durations);
        var read = new DurationHistogram();
        read.Merge(histogram.ToString());
        var approximate = read.Stats(total);

        Assert.Equal(5_000, approximate.Count);
        Assert.InRange(approximate.Median!.Value.TotalSeconds / exact.Median!.Value.TotalSeconds, 0.97, 1.03);
        Assert.InRange(approximate.P90!.Value.TotalSeconds / exact.P90!.Value.TotalSeconds, 0.97, 1.03);
        Assert.Equal(exact.Mean!.Value.TotalSeconds, approximate.Mean!.Value.TotalSeconds, 3);
    }

    [Fact]
    public void Merge_AddsCounts_EmptyAndGarbageIgnored()
    {
        var a = new DurationHistogram();
        a.Add(TimeSpan.FromMinutes(4));
        a.Merge("84:2,x:1,5:-3,");
        a.Merge((string?)null);

        Assert.Equal(3, a.Count);
        Assert.Equal(DurationHistogram.ValueOf(84), a.AtRank(1));
        Assert.Equal(DurationStats.Empty, new DurationHistogram().Stats(TimeSpan.Zero));
    }
}
