using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;

namespace Incidents.Domain.Postmortems;

/// <summary>When a postmortem is required and when it is due.</summary>
public static class PostmortemPolicy
{
    /// <summary>Required at the threshold severity or worse: the service's own threshold, else the default; a service may opt out.</summary>
    public static bool Requires(Severity severity, Severity? serviceThreshold, bool serviceOptedOut, Severity defaultThreshold) =>
        !serviceOptedOut && severity <= (serviceThreshold ?? defaultThreshold);

    /// <summary>
    /// N business days (Monday to Friday, in the team's time zone) after the day of the resolution, at the same
    /// wall-clock time: resolved Friday 15:00 with 3 days → Wednesday 15:00; resolved Saturday → counted from Monday.
    /// </summary>
    public static DateTimeOffset DueAt(DateTimeOffset resolvedAt, int businessDays, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(resolvedAt, zone).DateTime;
        return ZoneTime.ToInstant(AddBusinessDays(local.Date, businessDays) + local.TimeOfDay, zone);
    }

    /// <summary>
    /// The review slot proposed for a new meeting: <paramref name="businessDays"/> working days after today, at 10:00 in
    /// <paramref name="zone"/> (proposed on a Friday with two days: Tuesday).
    /// </summary>
    public static DateTime ReviewSlotLocal(DateTimeOffset now, TimeZoneInfo zone, int businessDays = 2) =>
        AddBusinessDays(TimeZoneInfo.ConvertTime(now, zone).Date, businessDays).AddHours(10);

    private static DateTime AddBusinessDays(DateTime day, int businessDays)
    {
        var added = 0;
        while (added < Math.Max(0, businessDays))
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                added++;
            }
        }

        return day;
    }
}
