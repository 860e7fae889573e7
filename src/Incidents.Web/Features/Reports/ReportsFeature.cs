using System.Globalization;
using System.Text;
using Hangfire;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Domain.Reports;
using Incidents.Web.Features.ApiKeys.Authenticate;
using Incidents.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;

namespace Incidents.Web.Features.Reports;

/// <summary>The Reports pages, their CSV exports, and <c>GET /api/v1/reports/incidents</c> with the same figures.</summary>
internal static class ReportsFeature
{
    public static WebApplicationBuilder AddReportsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportIncidents>();
        builder.Services.AddSingleton<RollUpIncidents>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RollUpIncidents>());
        builder.Services.Configure<WeeklyReviewOptions>(builder.Configuration.GetSection(WeeklyReviewOptions.Section));
        builder.Services.AddSingleton<WeeklyReview>();
        return builder;
    }

    public static WebApplication MapReportsFeature(this WebApplication app)
    {
        if (app.Services.GetService<IRecurringJobManager>() is { } jobs)
        {
            jobs.AddOrUpdate<WeeklyReview>(WeeklyReview.JobId, job => job.HandleAsync(CancellationToken.None), "*/15 * * * *");
        }

        var csv = app.MapGroup("/reports").RequireAuthorization(nameof(Permission.ViewPortal));
        csv.MapGet("/incidents.csv", (HttpContext context, ReportIncidents report, TimeProvider clock, CancellationToken cancellationToken) =>
            CsvAsync(context, report, clock, "incidents", ReportTables.Buckets, cancellationToken));
        csv.MapGet("/availability.csv", (HttpContext context, ReportIncidents report, TimeProvider clock, CancellationToken cancellationToken) =>
            CsvAsync(context, report, clock, "availability", ReportTables.Availability, cancellationToken));

        var api = app.MapGroup("/api/v1/reports").WithTags("Reports")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ApiKeyAuthenticationHandler.SchemeName });
        api.MapGet("/incidents", async (HttpContext context, ReportIncidents report, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var (filter, error) = ReportFilter.Parse(context.Request.QueryString.Value, clock.GetUtcNow());
                return filter is null
                    ? Results.Problem(title: "The request is not valid.", detail: error, statusCode: 400)
                    : Results.Ok(ReportTables.Json(await report.HandleAsync(filter, cancellationToken)));
            })
            .RequirePermission(Permission.ViewPortal).WithName("IncidentReport");
        return app;
    }

    private static async Task<IResult> CsvAsync(HttpContext context, ReportIncidents report, TimeProvider clock, string name,
        Func<IncidentReport, (string[] Header, IEnumerable<string[]> Rows)> table, CancellationToken cancellationToken)
    {
        var (filter, error) = ReportFilter.Parse(context.Request.QueryString.Value, clock.GetUtcNow());
        if (filter is null)
        {
            return Results.Problem(title: "The request is not valid.", detail: error, statusCode: 400);
        }

        var (header, rows) = table(await report.HandleAsync(filter, cancellationToken));
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            text.Append(string.Join(',', row.Select(Cell))).Append("\r\n");
        }

        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray(), "text/csv; charset=utf-8",
            $"{name}-{filter.From:yyyy-MM-dd}-{filter.Until.AddDays(-1):yyyy-MM-dd}.csv");
    }

    /// <summary>RFC 4180 quoting; a leading =, +, - or @ is prefixed so a spreadsheet does not run it as a formula.</summary>
    private static string Cell(string value)
    {
        var safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }
}

/// <summary>The report's tables as the exports and the API give them: one shape for both, so they agree with each other and the page.</summary>
internal static class ReportTables
{
    public static (string[] Header, IEnumerable<string[]> Rows) Buckets(IncidentReport report) => (
        ["start", "end", "sev1", "sev2", "sev3", "sev4", "total", "median_minutes_to_acknowledge", "median_minutes_to_resolve"],
        report.Buckets.Select(b => new[]
        {
            Instant(b.Start), Instant(b.End), Count(b.BySeverity[Severity.Sev1]), Count(b.BySeverity[Severity.Sev2]), Count(b.BySeverity[Severity.Sev3]),
            Count(b.BySeverity[Severity.Sev4]), Count(b.Count), Minutes(b.MedianTta), Minutes(b.MedianTtr),
        }));

    public static (string[] Header, IEnumerable<string[]> Rows) Availability(IncidentReport report) => (
        ["service", "slug", "availability", "target", "impact_minutes", "budget_minutes", "budget_left_minutes", "sev1_sev2_incidents"],
        report.Availability.Select(s => new[]
        {
            s.Name, s.Slug, Share(s.Figure.Availability), Share(s.Figure.Target), Minutes(s.Figure.Impact), Minutes(s.Figure.Budget), Minutes(s.Figure.BudgetLeft), Count(s.Outages),
        }));

    public static object Json(IncidentReport report) => new
    {
        from = report.Filter.From,
        until = report.Filter.Until,
        team = report.Filter.TeamId,
        service = report.Filter.ServiceId,
        severity = report.Filter.Severity?.Label().ToLowerInvariant(),
        incidents = Figures(report.Current),
        previous = Figures(report.Previous),
        bucket = report.BucketUnit,
        buckets = report.Buckets.Select(b => new
        {
            start = b.Start,
            end = b.End,
            bySeverity = b.BySeverity.ToDictionary(p => p.Key.Label().ToLowerInvariant(), p => p.Value),
            total = b.Count,
            medianMinutesToAcknowledge = b.MedianTta?.TotalMinutes,
            medianMinutesToResolve = b.MedianTtr?.TotalMinutes,
        }),
        availability = report.Availability.Select(s => new
        {
            service = s.Name,
            slug = s.Slug,
            availability = s.Figure.Availability,
            target = s.Figure.Target,
            impactMinutes = s.Figure.Impact.TotalMinutes,
            budgetMinutes = s.Figure.Budget.TotalMinutes,
            budgetLeftMinutes = s.Figure.BudgetLeft.TotalMinutes,
            sev1Sev2Incidents = s.Outages,
        }),
    };

    private static object Figures(IncidentFigures f) => new
    {
        count = f.Count,
        bySeverity = f.BySeverity.ToDictionary(p => p.Key.Label().ToLowerInvariant(), p => p.Value),
        unacknowledged = f.Unacknowledged,
        unresolved = f.Unresolved,
        timeToAcknowledge = Stats(f.TimeToAcknowledge),
        timeToResolve = Stats(f.TimeToResolve),
        acknowledgeSla = Sla(f.AcknowledgeSla),
        resolveSla = Sla(f.ResolveSla),
    };

    private static object Stats(DurationStats s) => new { count = s.Count, medianMinutes = s.Median?.TotalMinutes, p90Minutes = s.P90?.TotalMinutes, meanMinutes = s.Mean?.TotalMinutes };

    private static object Sla(SlaFigure s) => new { met = s.Met, missed = s.Missed, pending = s.Pending, rate = s.Rate };

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Minutes(TimeSpan? span) => span is { } s ? s.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture) : "";

    private static string Share(decimal? share) => share is { } s ? s.ToString("0.######", CultureInfo.InvariantCulture) : "";
}
