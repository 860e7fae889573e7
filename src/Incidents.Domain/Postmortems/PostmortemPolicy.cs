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
        var day = local.Date;
        var added = 0;
        while (added < Math.Max(0, businessDays))
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                added++;
            }
        }

        return ZoneTime.ToInstant(day + local.TimeOfDay, zone);
    }
}
