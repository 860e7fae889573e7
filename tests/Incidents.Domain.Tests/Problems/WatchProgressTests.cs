using Incidents.Domain.Problems;

namespace Incidents.Domain.Tests.Problems;

public sealed class WatchProgressTests
{
    private static readonly DateTimeOffset Resolved = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.0, 0, 0.0)]
    [InlineData(0.5, 1, 100.0 / 60)]
    [InlineData(10.0, 10, 100.0 / 3)]
    [InlineData(45.0, 30, 100.0)]
    [InlineData(-1.0, 0, 0.0)]
    public void Of_DayOfTheWindowAndPercent_ClampedToIt(double daysAfter, int day, double percent)
    {
        var watch = WatchProgress.Of(Resolved, Resolved.AddDays(30), Resolved.AddDays(daysAfter));

        Assert.Equal((day, 30), (watch.Day, watch.Days));
        Assert.Equal(percent, watch.Percent, 6);
    }
}
