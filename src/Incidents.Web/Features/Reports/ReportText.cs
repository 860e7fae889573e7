using System.Globalization;

namespace Incidents.Web.Features.Reports;

/// <summary>How figures read on the reports, the changes page and in exports.</summary>
public static class ReportText
{
    /// <summary>"45 s", "12 min", "3.5 h", "2.1 days"; a dash for no figure.</summary>
    public static string Duration(TimeSpan? span) => span switch
    {
        null => "—",
        { TotalMinutes: < 1 } s => $"{(int)s.TotalSeconds} s",
        { TotalHours: < 1 } s => $"{(int)s.TotalMinutes} min",
        { TotalDays: < 2 } s => $"{s.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h",
        { } s => $"{s.TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} days",
    };

    /// <summary>"97 %", "99.95 %"; a dash for no figure.</summary>
    public static string Percent(decimal? share, int decimals = 1) => share is { } s
        ? (s * 100).ToString(decimals == 2 ? "0.##" : "0.#", CultureInfo.InvariantCulture) + " %"
        : "—";
}
