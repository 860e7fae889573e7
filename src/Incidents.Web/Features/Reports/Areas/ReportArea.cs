using System.Globalization;

namespace Incidents.Web.Features.Reports.Areas;

/// <summary>A table of a report as its CSV export gives it.</summary>
public sealed record ReportTable(string Name, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<string>> Rows);

/// <summary>What a report area exports: the JSON of <c>GET /api/v1/reports/{area}</c> and its CSV tables, from the same figures as its page.</summary>
public sealed record ReportExport(object Json, IReadOnlyList<ReportTable> Tables);

/// <summary>One report area (incidents, postmortems, countermeasures, on-call, alerts, changes) as the exports see it.</summary>
internal interface IReportArea
{
    string Key { get; }

    /// <summary>The CSV tables it exports, by name (unique across areas: <c>/reports/{name}.csv</c>).</summary>
    IReadOnlyList<string> Tables { get; }

    Task<ReportExport> ExportAsync(ReportFilter filter, CancellationToken cancellationToken);
}

/// <summary>How figures are written in exports: invariant, minutes with two decimals, shares as fractions, instants in UTC.</summary>
internal static class Cells
{
    public static string Instant(DateTimeOffset? at) => at is { } a ? a.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "";

    public static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static string Minutes(TimeSpan? span) => span is { } s ? s.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture) : "";

    public static string Hours(TimeSpan? span) => span is { } s ? s.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) : "";

    public static string Share(decimal? share) => share is { } s ? s.ToString("0.######", CultureInfo.InvariantCulture) : "";

    public static string Number(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "";
}
