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

/// <summary>How the report charts label and colour things.</summary>
public static class ReportChartText
{
    public static string BucketLabel(DateTimeOffset start, string unit) => unit switch
    {
        "month" => start.ToString("MMM yy", CultureInfo.InvariantCulture),
        _ => start.ToString("d MMM", CultureInfo.InvariantCulture),
    };

    public static string Capitalized(string unit) => char.ToUpperInvariant(unit[0]) + unit[1..];

    public static string SeverityColor(Domain.Incidents.Severity severity) => severity switch
    {
        Domain.Incidents.Severity.Sev1 => "var(--mud-palette-error)",
        Domain.Incidents.Severity.Sev2 => "var(--mud-palette-warning)",
        Domain.Incidents.Severity.Sev3 => "var(--mud-palette-info)",
        Domain.Incidents.Severity.Sev4 => "var(--mud-palette-text-disabled)",
    };
}

/// <summary>The period's bars: days up to a month, weeks from Monday up to half a year, months beyond (UTC); the first is clipped to the period.</summary>
public sealed record ReportBuckets(string Unit, IReadOnlyList<DateTimeOffset> Starts, DateTimeOffset Until)
{
    public static ReportBuckets Of(ReportFilter filter)
    {
        var length = filter.Length.TotalDays;
        var unit = length <= 31 ? "day" : length <= 183 ? "week" : "month";
        var starts = new List<DateTimeOffset>();
        var at = unit switch
        {
            "day" => filter.From,
            "week" => filter.From.AddDays(-(((int)filter.From.DayOfWeek + 6) % 7)),
            _ => new DateTimeOffset(filter.From.Year, filter.From.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
        while (at < filter.Until)
        {
            starts.Add(at < filter.From ? filter.From : at);
            at = unit switch { "day" => at.AddDays(1), "week" => at.AddDays(7), _ => at.AddMonths(1) };
        }

        return new ReportBuckets(unit, starts, filter.Until);
    }

    public int Count => Starts.Count;

    public DateTimeOffset End(int index) => index + 1 < Starts.Count ? Starts[index + 1] : Until;

    /// <summary>The bar an instant of the period falls in (the first for anything before it, the last for anything after).</summary>
    public int IndexOf(DateTimeOffset at)
    {
        var index = 0;
        for (var i = 1; i < Starts.Count && Starts[i] <= at; i++)
        {
            index = i;
        }

        return index;
    }

    public IReadOnlyList<string> Labels => Starts.Select(s => ReportChartText.BucketLabel(s, Unit)).ToList();
}
