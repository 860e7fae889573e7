namespace Incidents.Web.Features.Reports.Charts;

/// <summary>One series of a chart: its name, its colour (a CSS value), a value per label, and where each value's details are.</summary>
public sealed record ChartLine(string Name, string Color, IReadOnlyList<double?> Values, Func<int, string?>? LinkAt = null);
