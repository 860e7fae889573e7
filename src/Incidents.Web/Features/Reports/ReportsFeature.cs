using System.Globalization;
using System.Text;
using Hangfire;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Domain.Reports;
using Incidents.Web.Features.ApiKeys.Authenticate;
using Incidents.Web.Features.IncidentManagement.List;
using Incidents.Web.Features.Reports.Areas;
using Incidents.Web.Features.Reports.Wallboard;
using Incidents.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;

namespace Incidents.Web.Features.Reports;

/// <summary>The Reports pages, their CSV exports, and <c>GET /api/v1/reports/incidents</c> with the same figures.</summary>
internal static class ReportsFeature
{
    public static WebApplicationBuilder AddReportsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportIncidents>();
        builder.Services.AddSingleton<ReportPostmortems>();
        builder.Services.AddSingleton<ReportCountermeasures>();
        builder.Services.AddSingleton<ReportOnCall>();
        builder.Services.AddSingleton<ReportAlertNoise>();
        builder.Services.AddSingleton<ReportChanges>();
        builder.Services.AddSingleton<IReportArea>(services => services.GetRequiredService<ReportIncidents>());
        builder.Services.AddSingleton<IReportArea>(services => services.GetRequiredService<ReportPostmortems>());
        builder.Services.AddSingleton<IReportArea>(services => services.GetRequiredService<ReportCountermeasures>());
        builder.Services.AddSingleton<IReportArea>(services => services.GetRequiredService<ReportOnCall>());
        builder.Services.AddSingleton<IReportArea>(services => services.GetRequiredService<ReportAlertNoise>());
        builder.Services.AddSingleton<IReportArea>(services => services.GetRequiredService<ReportChanges>());
        builder.Services.AddSingleton<RollUpIncidents>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RollUpIncidents>());
        builder.Services.Configure<WeeklyReviewOptions>(builder.Configuration.GetSection(WeeklyReviewOptions.Section));
        builder.Services.AddSingleton<WeeklyReview>();
        builder.Services.AddSingleton<ReadWallboard>();
        builder.Services.AddSingleton<ManageWallboardLinks>();
        return builder;
    }

    public static WebApplication MapReportsFeature(this WebApplication app)
    {
        if (app.Services.GetService<IRecurringJobManager>() is { } jobs)
        {
            jobs.AddOrUpdate<WeeklyReview>(WeeklyReview.JobId, job => job.HandleAsync(CancellationToken.None), "*/15 * * * *");
        }

        var csv = app.MapGroup("/reports").RequireAuthorization(nameof(Permission.ViewPortal));
        csv.MapGet("/{table}.csv", async (string table, HttpContext context, IEnumerable<IReportArea> areas, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (areas.FirstOrDefault(a => a.Tables.Contains(table)) is not { } area)
            {
                return Results.Problem(title: "No such report table.", detail: $"The tables are {string.Join(", ", areas.SelectMany(a => a.Tables))}.", statusCode: 404);
            }

            var (filter, error) = ReportFilter.Parse(context.Request.QueryString.Value, clock.GetUtcNow());
            if (filter is null)
            {
                return Results.Problem(title: "The request is not valid.", detail: error, statusCode: 400);
            }

            var export = await area.ExportAsync(filter, cancellationToken);
            return Csv(export.Tables.Single(t => t.Name == table), $"{table}-{filter.From:yyyy-MM-dd}-{filter.Until.AddDays(-1):yyyy-MM-dd}.csv");
        });

        // The wallboard's live feed: signed in, or through a wallboard link (which opens nothing else).
        app.MapGet("/wallboard/events", (IncidentListFeed feed, TimeProvider clock, CancellationToken cancellationToken) => WallboardEvents.Stream(feed, clock, null, cancellationToken))
            .RequireAuthorization(nameof(Permission.ViewPortal));
        app.MapGet("/wallboard/{token}/events", async (string token, ManageWallboardLinks links, IncidentListFeed feed, TimeProvider clock, CancellationToken cancellationToken) =>
                await links.OpensAsync(token, cancellationToken)
                    ? WallboardEvents.Stream(feed, clock, ct => links.OpensAsync(token, ct), cancellationToken)
                    : Results.Problem(title: "No such wallboard link.", detail: "It may have been revoked.", statusCode: 404))
            .AllowAnonymous();

        var api = app.MapGroup("/api/v1/reports").WithTags("Reports")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ApiKeyAuthenticationHandler.SchemeName });
        api.MapGet("/{area}", async (string area, HttpContext context, IEnumerable<IReportArea> areas, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                if (areas.FirstOrDefault(a => a.Key == area) is not { } found)
                {
                    return Results.Problem(title: "No such report area.", detail: $"The areas are {string.Join(", ", areas.Select(a => a.Key))}.", statusCode: 404);
                }

                var (filter, error) = ReportFilter.Parse(context.Request.QueryString.Value, clock.GetUtcNow());
                return filter is null
                    ? Results.Problem(title: "The request is not valid.", detail: error, statusCode: 400)
                    : Results.Ok((await found.ExportAsync(filter, cancellationToken)).Json);
            })
            .RequirePermission(Permission.ViewPortal).WithName("Report");
        return app;
    }

    private static IResult Csv(ReportTable table, string fileName)
    {
        var text = new StringBuilder();
        foreach (var row in table.Rows.Prepend(table.Header))
        {
            text.Append(string.Join(',', row.Select(Cell))).Append("\r\n");
        }

        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray(), "text/csv; charset=utf-8", fileName);
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
    public static ReportTable Buckets(IncidentReport report) => new("incidents",
        ["start", "end", "sev1", "sev2", "sev3", "sev4", "total", "median_minutes_to_acknowledge", "median_minutes_to_resolve"],
        report.Buckets.Select(b => (IReadOnlyList<string>)new[]
        {
            Cells.Instant(b.Start), Cells.Instant(b.End), Cells.Count(b.BySeverity[Severity.Sev1]), Cells.Count(b.BySeverity[Severity.Sev2]), Cells.Count(b.BySeverity[Severity.Sev3]),
            Cells.Count(b.BySeverity[Severity.Sev4]), Cells.Count(b.Count), Cells.Minutes(b.MedianTta), Cells.Minutes(b.MedianTtr),
        }));

    public static ReportTable Availability(IncidentReport report) => new("availability",
        ["service", "slug", "availability", "target", "impact_minutes", "budget_minutes", "budget_left_minutes", "sev1_sev2_incidents"],
        report.Availability.Select(s => (IReadOnlyList<string>)new[]
        {
            s.Name, s.Slug, Cells.Share(s.Figure.Availability), Cells.Share(s.Figure.Target), Cells.Minutes(s.Figure.Impact), Cells.Minutes(s.Figure.Budget), Cells.Minutes(s.Figure.BudgetLeft), Cells.Count(s.Outages),
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
}
