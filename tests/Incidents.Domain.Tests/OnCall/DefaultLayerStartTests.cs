using Incidents.Domain.OnCall;

namespace Incidents.Domain.Tests.OnCall;

public sealed class DefaultLayerStartTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    // 07:30 UTC is 08:30 in Berlin in winter: yesterday's 09:00 is the latest hand-off.
    [InlineData("2026-12-02T07:30:00Z", "2026-12-01T09:00:00")]
    // 08:00 UTC is 09:00 in Berlin: today's.
    [InlineData("2026-12-02T08:00:00Z", "2026-12-02T09:00:00")]
    // 22:00 UTC on the day clocks go back (25 October 2026) is 23:00 in Berlin, still that day.
    [InlineData("2026-10-25T22:00:00Z", "2026-10-25T09:00:00")]
    public void DefaultStartLocal_MostRecent0900InTheSchedulesZone(string now, string expected) =>
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            ScheduleLayer.DefaultStartLocal(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), Berlin));
}
