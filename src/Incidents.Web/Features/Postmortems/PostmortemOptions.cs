using Incidents.Domain.Incidents;

namespace Incidents.Web.Features.Postmortems;

internal sealed class PostmortemOptions
{
    public const string Section = "Postmortems";

    /// <summary>Postmortems are required at this severity or worse unless a service says otherwise.</summary>
    public Severity RequiredAtOrAbove { get; set; } = Severity.Sev2;

    /// <summary>Business days from the resolution to the due date.</summary>
    public int DueBusinessDays { get; set; } = 5;

    /// <summary>The time zone of business days and quiet hours (IANA or Windows id).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>No overdue nudges between these local times, e.g. "20:00-08:00" (empty: none).</summary>
    public string QuietHours { get; set; } = "20:00-08:00";

    public int DefaultReviewMinutes { get; set; } = 60;

    /// <summary>Is this local time inside the quiet hours (which may span midnight)?</summary>
    public bool IsQuiet(TimeOnly local)
    {
        var parts = QuietHours.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !TimeOnly.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var from)
            || !TimeOnly.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var to))
        {
            return false;
        }

        return from <= to ? local >= from && local < to : local >= from || local < to;
    }
}
