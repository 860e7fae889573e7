using System.Globalization;
using Incidents.Domain.Incidents;
using Incidents.Domain.Reports;
using Incidents.Web.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Reports;

/// <summary>What a report covers: incidents triggered in [From, Until) (UTC), of a team, a service, a severity.</summary>
public sealed record ReportFilter(DateTimeOffset From, DateTimeOffset Until, long? TeamId = null, long? ServiceId = null, Severity? Severity = null)
{
    public const int MaxDays = 731;

    public TimeSpan Length => Until - From;

    /// <summary>The period just before, as long.</summary>
    public ReportFilter Previous => this with { From = From - Length, Until = From };

    /// <summary>
    /// The filter a URL asks for: <c>period</c> (7d, 30d, 90d, 365d; default 30d) ending today, or <c>from</c> and
    /// <c>until</c> (dates, UTC; until exclusive); <c>team</c>, <c>service</c> (ids) and <c>severity</c> (sev1–sev4).
    /// Null with the reason when the input is not acceptable.
    /// </summary>
    public static (ReportFilter? Filter, string? Error) Parse(string? queryString, DateTimeOffset now)
    {
        var q = QueryHelpers.ParseQuery(queryString);
        string? Get(string key) => q.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;
        var tomorrow = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
        DateTimeOffset from, until;
        if (Get("from") is { } fromText || Get("until") is not null)
        {
            if (!DateOnly.TryParseExact(Get("from"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f)
                || !DateOnly.TryParseExact(Get("until"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var u))
            {
                return (null, "Give both from and until as dates (yyyy-MM-dd), until exclusive.");
            }

            (from, until) = (Midnight(f), Midnight(u));
        }
        else
        {
            var days = Get("period") switch
            {
                null or "30d" => 30,
                "7d" => 7,
                "90d" => 90,
                "365d" => 365,
                _ => -1,
            };
            if (days < 0)
            {
                return (null, "The period is one of 7d, 30d, 90d and 365d (or give from and until).");
            }

            (from, until) = (tomorrow.AddDays(-days), tomorrow);
        }

        if (until <= from || (until - from).TotalDays > MaxDays || from.Year < 2000 || until > tomorrow.AddYears(1))
        {
            return (null, $"The period runs forward, at most {MaxDays} days.");
        }

        long? Id(string key) => Get(key) is { } text ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : -1 : null;
        var team = Id("team");
        var service = Id("service");
        if (team == -1 || service == -1)
        {
            return (null, "team and service are ids (positive whole numbers).");
        }

        Severity? severity = null;
        if (Get("severity") is { } severityText)
        {
            if (!SeverityNames.TryParse(severityText, out var parsed))
            {
                return (null, "severity is one of sev1, sev2, sev3 and sev4.");
            }

            severity = parsed;
        }

        return (new ReportFilter(from, until, team, service, severity), null);
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>The incident figures of a period.</summary>
public sealed record IncidentFigures(
    int Count, IReadOnlyDictionary<Severity, int> BySeverity, int Unacknowledged, int Unresolved,
    DurationStats TimeToAcknowledge, DurationStats TimeToResolve, SlaFigure AcknowledgeSla, SlaFigure ResolveSla);

/// <summary>One bar of the charts: a day, week or month.</summary>
public sealed record ReportBucket(DateTimeOffset Start, DateTimeOffset End, IReadOnlyDictionary<Severity, int> BySeverity, TimeSpan? MedianTta, TimeSpan? MedianTtr)
{
    public int Count => BySeverity.Values.Sum();
}

/// <summary>A service's availability over the period against its target.</summary>
public sealed record ServiceAvailability(long ServiceId, string Name, string Slug, AvailabilityFigure Figure, int Outages);

public sealed record IncidentReport(ReportFilter Filter, IncidentFigures Current, IncidentFigures Previous, IReadOnlyList<ReportBucket> Buckets, string BucketUnit,
    IReadOnlyList<ServiceAvailability> Availability);

/// <summary>
/// The incident side of the reports: counts by severity, time to acknowledge and to resolve (median, p90, mean; never
/// acknowledged and unresolved counted apart), SLA compliance, the same for the period before, the bars of the charts,
/// and each service's availability. Incidents marked as duplicates are left out: they are the same interruption.
/// </summary>
internal sealed class ReportIncidents(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    private sealed record Row(long ServiceId, Severity Severity, DateTimeOffset TriggeredAt, DateTimeOffset? FirstAcknowledgedAt, DateTimeOffset? ResolvedAt,
        DateTimeOffset? AcknowledgeDueAt, DateTimeOffset? ResolveDueAt);

    public async Task<IncidentReport> HandleAsync(ReportFilter filter, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var services = await ServicesAsync(db, filter, cancellationToken);
        var serviceIds = services.Keys.ToList();
        var previous = filter.Previous;
        var rows = await Scoped(db, filter, serviceIds)
            .Where(i => i.TriggeredAt >= previous.From && i.TriggeredAt < filter.Until)
            .Select(i => new Row(i.ServiceId, i.Severity, i.TriggeredAt, i.FirstAcknowledgedAt, i.ResolvedAt, i.AcknowledgeDueAt, i.ResolveDueAt))
            .ToListAsync(cancellationToken);
        var current = rows.Where(r => r.TriggeredAt >= filter.From).ToList();
        var (buckets, unit) = Buckets(filter, current);
        return new IncidentReport(filter, Figures(current, now), Figures(rows.Where(r => r.TriggeredAt < filter.From).ToList(), now), buckets, unit,
            await AvailabilityAsync(db, filter, services, now, cancellationToken));
    }

    private static IncidentFigures Figures(IReadOnlyCollection<Row> rows, DateTimeOffset now) => new(
        rows.Count,
        Enum.GetValues<Severity>().ToDictionary(s => s, s => rows.Count(r => r.Severity == s)),
        rows.Count(r => r.FirstAcknowledgedAt is null),
        rows.Count(r => r.ResolvedAt is null),
        DurationStats.Of(rows.Select(r => Measures.TimeToAcknowledge(r.TriggeredAt, r.FirstAcknowledgedAt)).OfType<TimeSpan>()),
        DurationStats.Of(rows.Select(r => Measures.TimeToResolve(r.TriggeredAt, r.ResolvedAt)).OfType<TimeSpan>()),
        Measures.SlaOf(rows.Select(r => Measures.Sla(r.AcknowledgeDueAt, r.FirstAcknowledgedAt, now))),
        Measures.SlaOf(rows.Select(r => Measures.Sla(r.ResolveDueAt, r.ResolvedAt, now))));

    /// <summary>Days up to a month, weeks (from Monday) up to half a year, months beyond; UTC.</summary>
    private static (List<ReportBucket> Buckets, string Unit) Buckets(ReportFilter filter, IReadOnlyCollection<Row> rows)
    {
        var days = filter.Length.TotalDays;
        var unit = days <= 31 ? "day" : days <= 183 ? "week" : "month";
        var starts = new List<DateTimeOffset>();
        var at = unit switch
        {
            "day" => filter.From,
            "week" => filter.From.AddDays(-(((int)filter.From.DayOfWeek + 6) % 7)),
            _ => new DateTimeOffset(filter.From.Year, filter.From.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
        while (at < filter.Until)
        {
            starts.Add(at);
            at = unit switch { "day" => at.AddDays(1), "week" => at.AddDays(7), _ => at.AddMonths(1) };
        }

        var buckets = new List<ReportBucket>();
        for (var i = 0; i < starts.Count; i++)
        {
            var start = starts[i] < filter.From ? filter.From : starts[i];
            var end = i + 1 < starts.Count ? starts[i + 1] : filter.Until;
            var inside = rows.Where(r => r.TriggeredAt >= start && r.TriggeredAt < end).ToList();
            buckets.Add(new ReportBucket(start, end, Enum.GetValues<Severity>().ToDictionary(s => s, s => inside.Count(r => r.Severity == s)),
                DurationStats.Of(inside.Select(r => Measures.TimeToAcknowledge(r.TriggeredAt, r.FirstAcknowledgedAt)).OfType<TimeSpan>()).Median,
                DurationStats.Of(inside.Select(r => Measures.TimeToResolve(r.TriggeredAt, r.ResolvedAt)).OfType<TimeSpan>()).Median));
        }

        return (buckets, unit);
    }

    /// <summary>Each service in scope: SEV1–SEV2 outages overlapping the period, merged, against its target; worst first.</summary>
    private static async Task<List<ServiceAvailability>> AvailabilityAsync(IncidentsDbContext db, ReportFilter filter, Dictionary<long, (string Name, string Slug, decimal Target)> services,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var serviceIds = services.Keys.ToList();
        var outages = await db.Incidents.AsNoTracking()
            .Where(i => serviceIds.Contains(i.ServiceId) && i.DuplicateOfId == null && i.Severity <= Severity.Sev2 && i.TriggeredAt < filter.Until
                && (i.MitigatedAt == null ? i.ResolvedAt == null || i.ResolvedAt > filter.From : i.MitigatedAt > filter.From))
            .Select(i => new { i.ServiceId, i.TriggeredAt, i.MitigatedAt, i.ResolvedAt })
            .ToListAsync(cancellationToken);
        var byService = outages.GroupBy(o => o.ServiceId).ToDictionary(g => g.Key, g => g.Select(o => Measures.Outage(o.TriggeredAt, o.MitigatedAt, o.ResolvedAt, now)).ToList());
        return services.Select(s => new ServiceAvailability(s.Key, s.Value.Name, s.Value.Slug,
                Measures.Availability(byService.GetValueOrDefault(s.Key) ?? [], filter.From, filter.Until, s.Value.Target, now),
                byService.GetValueOrDefault(s.Key)?.Count ?? 0))
            .OrderBy(s => s.Figure.Availability ?? 1).ThenBy(s => s.Name).ToList();
    }

    private static async Task<Dictionary<long, (string Name, string Slug, decimal Target)>> ServicesAsync(IncidentsDbContext db, ReportFilter filter, CancellationToken cancellationToken) =>
        (await db.Services.AsNoTracking()
            .Where(s => (filter.TeamId == null || s.TeamId == filter.TeamId) && (filter.ServiceId == null || s.Id == filter.ServiceId))
            .Select(s => new { s.Id, s.Name, s.Slug, s.AvailabilityTarget }).ToListAsync(cancellationToken))
        .ToDictionary(s => s.Id, s => (s.Name, s.Slug, s.AvailabilityTarget));

    private static IQueryable<Incident> Scoped(IncidentsDbContext db, ReportFilter filter, List<long> serviceIds)
    {
        var incidents = db.Incidents.AsNoTracking().Where(i => i.DuplicateOfId == null);
        if (filter.TeamId is not null || filter.ServiceId is not null)
        {
            incidents = incidents.Where(i => serviceIds.Contains(i.ServiceId));
        }

        return filter.Severity is { } severity ? incidents.Where(i => i.Severity == severity) : incidents;
    }
}
