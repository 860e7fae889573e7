namespace Incidents.Domain.OnCall;

/// <summary>
/// Wall-clock times in a schedule's time zone, turned into instants the same way every time: a time skipped by a
/// spring-forward change moves forward by the gap (02:30 → 03:30), and a time repeated by a fall-back change means
/// its first occurrence.
/// </summary>
public static class ZoneTime
{
    public static TimeZoneInfo Find(string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    public static bool IsKnown(string timeZoneId) => TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out _);

    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            // The offset in force just before the gap; applied to the skipped time it lands after the gap.
            offset = zone.GetUtcOffset(local.AddHours(-3));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }

    /// <summary>
    /// Midnight of the local day that holds <paramref name="instant"/>, as an instant: with that midnight's own offset,
    /// which on a daylight-saving day differs from the offset now.
    /// </summary>
    public static DateTimeOffset StartOfDay(DateTimeOffset instant, TimeZoneInfo zone) => ToInstant(ToLocal(instant, zone).Date, zone);

    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);
}
