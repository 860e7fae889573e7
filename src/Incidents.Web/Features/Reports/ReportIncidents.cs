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
/// and each service's availability. Read from the daily rollups (<see cref="RollUpIncidents"/>, at most half a minute
/// behind), so a year of a million incidents is a few thousand rows; medians and p90s come from 5 % buckets. Outages
/// still open are added live. Incidents marked as duplicates are left out: they are the same interruption.
/// </summary>
internal sealed class ReportIncidents(IDbContextFactory<IncidentsDbContext> contexts, RollUpIncidents rollups, TimeProvider clock) : Areas.IReportArea
{
    public string Key => "incidents";

    public IReadOnlyList<string> Tables { get; } = ["incidents", "availability"];

    public async Task<Areas.ReportExport> ExportAsync(ReportFilter filter, CancellationToken cancellationToken)
    {
        var report = await HandleAsync(filter, cancellationToken);
        return new Areas.ReportExport(ReportTables.Json(report), [ReportTables.Buckets(report), ReportTables.Availability(report)]);
    }

    /// <summary>How far back an ended outage is looked for when merging it with one still open.</summary>
    public static readonly TimeSpan LongestOutage = TimeSpan.FromDays(14);

    public async Task<IncidentReport> HandleAsync(ReportFilter filter, CancellationToken cancellationToken = default)
    {
        await rollups.EnsureBuiltAsync(cancellationToken);

        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var services = await ServicesAsync(db, filter, cancellationToken);
        var serviceIds = services.Keys.ToList();
        var scoped = filter.TeamId is not null || filter.ServiceId is not null;
        var first = RollUpIncidents.DayOf(filter.Previous.From);
        var start = RollUpIncidents.DayOf(filter.From);
        var end = RollUpIncidents.DayOf(filter.Until);
        var severity = filter.Severity;
        var days = await db.IncidentDays.AsNoTracking()
            .Where(d => d.Day >= first && d.Day < end && (!scoped || serviceIds.Contains(d.ServiceId)) && (severity == null || d.Severity == severity))
            .ToListAsync(cancellationToken);
        var (buckets, unit, current) = Buckets(filter, days.Where(d => d.Day >= start));
        var previous = new Tally();
        foreach (var day in days.Where(d => d.Day < start))
        {
            previous.Add(day);
        }

        return new IncidentReport(filter, current, previous.Figures(), buckets, unit, await AvailabilityAsync(db, filter, services, now, cancellationToken));
    }

    /// <summary>The rolled-up days of a period (or a bar) added up: each row's text read once, bars merged into the period.</summary>
    private sealed class Tally
    {
        private readonly int[] bySeverity = new int[Enum.GetValues<Severity>().Length + 1];
        private readonly DurationHistogram tta = new();
        private readonly DurationHistogram ttr = new();
        private int unacknowledged, unresolved, ackMet, ackMissed, ackPending, resolveMet, resolveMissed, resolvePending;
        private long ttaSeconds, ttrSeconds;

        public void Add(IncidentDay d)
        {
            bySeverity[(int)d.Severity] += d.Count;
            unacknowledged += d.Unacknowledged;
            unresolved += d.Unresolved;
            (ackMet, ackMissed, ackPending) = (ackMet + d.AcknowledgeMet, ackMissed + d.AcknowledgeMissed, ackPending + d.AcknowledgePending);
            (resolveMet, resolveMissed, resolvePending) = (resolveMet + d.ResolveMet, resolveMissed + d.ResolveMissed, resolvePending + d.ResolvePending);
            tta.Merge(d.TtaHistogram);
            ttr.Merge(d.TtrHistogram);
            ttaSeconds += d.TtaTotalSeconds;
            ttrSeconds += d.TtrTotalSeconds;
        }

        public void Add(Tally t)
        {
            for (var i = 0; i < bySeverity.Length; i++)
            {
                bySeverity[i] += t.bySeverity[i];
            }

            unacknowledged += t.unacknowledged;
            unresolved += t.unresolved;
            (ackMet, ackMissed, ackPending) = (ackMet + t.ackMet, ackMissed + t.ackMissed, ackPending + t.ackPending);
            (resolveMet, resolveMissed, resolvePending) = (resolveMet + t.resolveMet, resolveMissed + t.resolveMissed, resolvePending + t.resolvePending);
            tta.Merge(t.tta);
            ttr.Merge(t.ttr);
            ttaSeconds += t.ttaSeconds;
            ttrSeconds += t.ttrSeconds;
        }

        public IncidentFigures Figures() => new(
            bySeverity.Sum(),
            Enum.GetValues<Severity>().ToDictionary(s => s, s => bySeverity[(int)s]),
            unacknowledged,
            unresolved,
            tta.Stats(TimeSpan.FromSeconds(ttaSeconds)),
            ttr.Stats(TimeSpan.FromSeconds(ttrSeconds)),
            new SlaFigure(ackMet, ackMissed, ackPending),
            new SlaFigure(resolveMet, resolveMissed, resolvePending));
    }

    /// <summary>The period's bars (<see cref="ReportBuckets"/>) and their sum.</summary>
    private static (List<ReportBucket> Buckets, string Unit, IncidentFigures Period) Buckets(ReportFilter filter, IEnumerable<IncidentDay> days)
    {
        var bars = ReportBuckets.Of(filter);
        var starts = bars.Starts;
        var unit = bars.Unit;
        var tallies = starts.Select(_ => new Tally()).ToArray();
        foreach (var day in days)
        {
            var midnight = RollUpIncidents.Midnight(day.Day);
            tallies[bars.IndexOf(midnight)].Add(day);
        }

        var period = new Tally();
        var buckets = new List<ReportBucket>();
        for (var i = 0; i < starts.Count; i++)
        {
            period.Add(tallies[i]);
            var figures = tallies[i].Figures();
            buckets.Add(new ReportBucket(starts[i], bars.End(i),
                figures.BySeverity, figures.TimeToAcknowledge.Median, figures.TimeToResolve.Median));
        }

        return (buckets, unit, period.Figures());
    }

    /// <summary>
    /// Each service in scope against its target, worst first: the rolled-up impact of ended SEV1–SEV2 outages, and for a
    /// service with an outage still open, its days from that outage's first day measured live (open and ended merged).
    /// </summary>
    private static async Task<List<ServiceAvailability>> AvailabilityAsync(IncidentsDbContext db, ReportFilter filter, Dictionary<long, (string Name, string Slug, decimal Target)> services,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var serviceIds = services.Keys.ToList();
        var start = RollUpIncidents.DayOf(filter.From);
        var end = RollUpIncidents.DayOf(filter.Until);
        var rolled = await db.ServiceImpactDays.AsNoTracking().Where(d => d.Day >= start && d.Day < end && serviceIds.Contains(d.ServiceId))
            .Select(d => new { d.ServiceId, d.Day, d.ImpactSeconds }).ToListAsync(cancellationToken);
        // Triggered or acknowledged: neither mitigated nor resolved (a reopen clears both). Few, found by status.
        var open = await db.Incidents.AsNoTracking()
            .Where(i => (i.Status == IncidentStatus.Triggered || i.Status == IncidentStatus.Acknowledged) && i.TriggeredAt < filter.Until
                && serviceIds.Contains(i.ServiceId) && i.DuplicateOfId == null && i.Severity <= Severity.Sev2)
            .Select(i => new { i.ServiceId, i.TriggeredAt }).ToListAsync(cancellationToken);
        var measured = filter.Until < now ? filter.Until : now;
        var live = new Dictionary<long, (DateOnly From, TimeSpan Impact, int Outages)>();
        foreach (var group in open.GroupBy(o => o.ServiceId))
        {
            var from = RollUpIncidents.DayOf(group.Min(o => o.TriggeredAt) > filter.From ? group.Min(o => o.TriggeredAt) : filter.From);
            var windowStart = RollUpIncidents.Midnight(from);
            var serviceId = group.Key;
            // Ended outages that overlap the window, among those that began at most LongestOutage before it.
            var earliest = windowStart - LongestOutage;
            var ended = await db.Incidents.AsNoTracking()
                .Where(i => i.ServiceId == serviceId && i.Severity <= Severity.Sev2 && i.TriggeredAt >= earliest && i.TriggeredAt < measured && i.DuplicateOfId == null
                    && (i.MitigatedAt == null ? i.ResolvedAt != null && i.ResolvedAt > windowStart : i.MitigatedAt > windowStart))
                .Select(i => new { i.TriggeredAt, i.MitigatedAt, i.ResolvedAt }).ToListAsync(cancellationToken);
            var intervals = ended.Select(i => new Interval(i.TriggeredAt, (i.MitigatedAt ?? i.ResolvedAt)!.Value))
                .Concat(group.Select(o => new Interval(o.TriggeredAt, now)));
            live[serviceId] = (from, Intervals.Covered(intervals, windowStart, measured), group.Count());
        }

        var outages = await db.IncidentDays.AsNoTracking().Where(d => d.Day >= start && d.Day < end && serviceIds.Contains(d.ServiceId) && d.Severity <= Severity.Sev2)
            .GroupBy(d => d.ServiceId).Select(g => new { ServiceId = g.Key, Count = g.Sum(d => d.Count) }).ToDictionaryAsync(g => g.ServiceId, g => g.Count, cancellationToken);
        return services.Select(s =>
            {
                var impact = TimeSpan.FromSeconds(rolled.Where(r => r.ServiceId == s.Key && (!live.TryGetValue(s.Key, out var l) || r.Day < l.From)).Sum(r => r.ImpactSeconds));
                if (live.TryGetValue(s.Key, out var measuredLive))
                {
                    impact += measuredLive.Impact;
                }

                var figure = Measures.Availability(impact, filter.From, filter.Until, s.Value.Target, now);
                return new ServiceAvailability(s.Key, s.Value.Name, s.Value.Slug, figure, outages.GetValueOrDefault(s.Key));
            })
            .OrderBy(s => s.Figure.Availability ?? 1).ThenBy(s => s.Name).ToList();
    }

    private static async Task<Dictionary<long, (string Name, string Slug, decimal Target)>> ServicesAsync(IncidentsDbContext db, ReportFilter filter, CancellationToken cancellationToken) =>
        (await db.Services.AsNoTracking()
            .Where(s => (filter.TeamId == null || s.TeamId == filter.TeamId) && (filter.ServiceId == null || s.Id == filter.ServiceId))
            .Select(s => new { s.Id, s.Name, s.Slug, s.AvailabilityTarget }).ToListAsync(cancellationToken))
        .ToDictionary(s => s.Id, s => (s.Name, s.Slug, s.AvailabilityTarget));
}
