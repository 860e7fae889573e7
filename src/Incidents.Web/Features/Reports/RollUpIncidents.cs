using Incidents.Domain.Incidents;
using Incidents.Domain.Reports;
using Incidents.Web.Data;
using Incidents.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Reports;

/// <summary>
/// One UTC day's incidents of one service and severity, as the reports read them: counts, SLA outcomes, and the times
/// to acknowledge and to resolve as 5 % histograms with their exact totals (for the mean).
/// </summary>
public sealed class IncidentDay
{
    public DateOnly Day { get; set; }

    public long ServiceId { get; set; }

    public Severity Severity { get; set; }

    public int Count { get; set; }

    public int Unacknowledged { get; set; }

    public int Unresolved { get; set; }

    public int AcknowledgeMet { get; set; }

    public int AcknowledgeMissed { get; set; }

    public int AcknowledgePending { get; set; }

    public int ResolveMet { get; set; }

    public int ResolveMissed { get; set; }

    public int ResolvePending { get; set; }

    public string TtaHistogram { get; set; } = "";

    public long TtaTotalSeconds { get; set; }

    public string TtrHistogram { get; set; } = "";

    public long TtrTotalSeconds { get; set; }

    /// <summary>Incidents an alert opened (they carry its fingerprint).</summary>
    public int FromAlerts { get; set; }

    /// <summary>Of those, resolved with nobody ever acknowledging them.</summary>
    public int SelfResolved { get; set; }

    /// <summary>Of those, neither acknowledged nor resolved yet.</summary>
    public int FromAlertsOpen { get; set; }
}

/// <summary>How long one service had SEV1–SEV2 impact on one UTC day (outages merged, clipped to the day); ended outages only.</summary>
public sealed class ServiceImpactDay
{
    public DateOnly Day { get; set; }

    public long ServiceId { get; set; }

    public long ImpactSeconds { get; set; }
}

internal sealed class RollupConfiguration : IEntityTypeConfiguration<IncidentDay>, IEntityTypeConfiguration<ServiceImpactDay>
{
    public void Configure(EntityTypeBuilder<IncidentDay> builder)
    {
        builder.HasKey(d => new { d.Day, d.ServiceId, d.Severity });
        builder.Property(d => d.TtaHistogram).HasMaxLength(4000);
        builder.Property(d => d.TtrHistogram).HasMaxLength(4000);
        builder.HasIndex(d => new { d.ServiceId, d.Day });
    }

    public void Configure(EntityTypeBuilder<ServiceImpactDay> builder) => builder.HasKey(d => new { d.Day, d.ServiceId });
}

/// <summary>
/// Keeps the report rollups current: every 30 seconds (and once at start) the UTC days touched by incidents changed
/// since the last run — the day each was triggered through the day its outage ended — are recomputed whole from the
/// incidents and replaced. Idempotent: a day recomputed twice gives the same rows, so the cursor steps back two minutes
/// to catch commits that landed late, and two instances racing on one day leave one's rows. The first run builds every
/// day, and so does the first run of each UTC day (a change written with an older time than the cursor — an import,
/// a clock that was behind — is caught by the next day at the latest).
/// </summary>
internal sealed partial class RollUpIncidents(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock, IConfiguration configuration, ILogger<RollUpIncidents> logger)
    : BackgroundService
{
    public const string CursorName = "incident-rollups";

    /// <summary>When every day was last rebuilt.</summary>
    public const string RebuiltName = "incident-rollups-rebuilt";

    /// <summary>The newest alert (first seen) and page the rollups have taken in.</summary>
    public const string SignalsCursorName = "signal-rollups";
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);
    private const int DaysPerBatch = 31;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Reports:RunInBackground", true))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await HandleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }

            await Task.Delay(TimeSpan.FromSeconds(30), clock, stoppingToken);
        }
    }

    /// <summary>Whether the rollups were ever built (the first report view waits for them otherwise).</summary>
    public async Task<bool> BuiltAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.JobCursors.AnyAsync(c => c.Name == CursorName, cancellationToken);
    }

    /// <summary>Builds the rollups if they never were: a new installation's first report view waits for them once.</summary>
    public async Task EnsureBuiltAsync(CancellationToken cancellationToken = default)
    {
        if (!await BuiltAsync(cancellationToken))
        {
            await HandleAsync(cancellationToken);
        }
    }

    /// <summary>Recomputes the days touched since the last run; the number of days recomputed.</summary>
    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cursor = await db.JobCursors.SingleOrDefaultAsync(c => c.Name == CursorName, cancellationToken);
        var rebuilt = await db.JobCursors.SingleOrDefaultAsync(c => c.Name == RebuiltName, cancellationToken);
        // Every day once (and when never built), all days; else those touched since the cursor. The cursor stays while
        // a rebuild runs, so report views keep reading the rollups meanwhile instead of building them too.
        var rebuild = cursor is null || rebuilt is null || DayOf(rebuilt.Position) < DayOf(now);
        var changed = db.Incidents.AsNoTracking();
        if (!rebuild)
        {
            var since = cursor!.Position - Overlap;
            changed = changed.Where(i => i.LastChangedAt >= since);
        }

        var touched = await changed.Select(i => new { i.TriggeredAt, i.Severity, i.MitigatedAt, i.ResolvedAt, i.LastChangedAt }).ToListAsync(cancellationToken);
        var days = new SortedSet<DateOnly>();
        foreach (var t in touched)
        {
            var first = DayOf(t.TriggeredAt);
            // A SEV1–SEV2 outage weighs on every day until it ended (or today).
            var last = t.Severity <= Severity.Sev2 ? DayOf(t.MitigatedAt ?? t.ResolvedAt ?? now) : first;
            for (var day = first; day <= last && day <= DayOf(now); day = day.AddDays(1))
            {
                days.Add(day);
            }
        }

        // Alerts and pages since the last run touch their own days (an alert joining an open incident changes no incident).
        var signals = await db.JobCursors.SingleOrDefaultAsync(c => c.Name == SignalsCursorName, cancellationToken);
        var signalsSince = (signals?.Position ?? now) - Overlap;
        var signalTimes = rebuild ? [] : await db.Alerts.AsNoTracking().Where(a => a.FirstSeenAt >= signalsSince).Select(a => a.FirstSeenAt)
            .Concat(db.Pages.AsNoTracking().Where(p => p.CreatedAt >= signalsSince).Select(p => p.CreatedAt)).ToListAsync(cancellationToken);
        foreach (var at in signalTimes.Where(t => t <= now))
        {
            days.Add(DayOf(at));
        }

        foreach (var batch in days.Chunk(DaysPerBatch))
        {
            await RecomputeAsync(batch, now, cancellationToken);
        }

        var position = touched.Count == 0 ? cursor?.Position ?? now : touched.Max(t => t.LastChangedAt);
        if (cursor is null)
        {
            db.JobCursors.Add(new JobCursor(CursorName, position));
        }
        else
        {
            cursor.Position = position > cursor.Position ? position : cursor.Position;
        }

        var signalsPosition = signalTimes.Count == 0 ? (rebuild ? now : signals?.Position ?? now) : signalTimes.Max();
        if (signals is null)
        {
            db.JobCursors.Add(new JobCursor(SignalsCursorName, signalsPosition));
        }
        else if (signalsPosition > signals.Position)
        {
            signals.Position = signalsPosition;
        }

        if (rebuild && rebuilt is null)
        {
            db.JobCursors.Add(new JobCursor(RebuiltName, now));
        }
        else if (rebuild)
        {
            rebuilt!.Position = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance moved the cursor first; its run covered the same days.
        }

        if (days.Count > 0)
        {
            LogRecomputed(logger, days.Count);
        }

        return days.Count;
    }

    /// <summary>Replaces the rows of these days with what the incidents say now.</summary>
    public async Task RecomputeAsync(IReadOnlyCollection<DateOnly> days, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = Midnight(days.Min());
        var until = Midnight(days.Max().AddDays(1));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incidents = await db.Incidents.AsNoTracking()
            .Where(i => i.DuplicateOfId == null && i.TriggeredAt >= from && i.TriggeredAt < until)
            .Select(i => new { i.Id, i.ServiceId, i.Severity, i.TriggeredAt, i.FirstAcknowledgedAt, i.ResolvedAt, i.AcknowledgeDueAt, i.ResolveDueAt, i.Fingerprint })
            .ToListAsync(cancellationToken);
        var outages = await db.Incidents.AsNoTracking()
            .Where(i => i.DuplicateOfId == null && i.Severity <= Severity.Sev2 && i.TriggeredAt < until
                && (i.MitigatedAt == null ? i.ResolvedAt != null && i.ResolvedAt > from : i.MitigatedAt > from))
            .Select(i => new { i.ServiceId, i.TriggeredAt, i.MitigatedAt, i.ResolvedAt })
            .ToListAsync(cancellationToken);
        var wanted = days.ToHashSet();
        var rows = incidents.Where(i => wanted.Contains(DayOf(i.TriggeredAt)))
            .GroupBy(i => (Day: DayOf(i.TriggeredAt), i.ServiceId, i.Severity))
            .Select(g =>
            {
                var tta = new DurationHistogram();
                var ttr = new DurationHistogram();
                long ttaTotal = 0, ttrTotal = 0;
                foreach (var i in g)
                {
                    if (Measures.TimeToAcknowledge(i.TriggeredAt, i.FirstAcknowledgedAt) is { } a)
                    {
                        tta.Add(a);
                        ttaTotal += (long)a.TotalSeconds;
                    }

                    if (Measures.TimeToResolve(i.TriggeredAt, i.ResolvedAt) is { } r)
                    {
                        ttr.Add(r);
                        ttrTotal += (long)r.TotalSeconds;
                    }
                }

                var ack = Measures.SlaOf(g.Select(i => Measures.Sla(i.AcknowledgeDueAt, i.FirstAcknowledgedAt, now)));
                var resolve = Measures.SlaOf(g.Select(i => Measures.Sla(i.ResolveDueAt, i.ResolvedAt, now)));
                return new IncidentDay
                {
                    Day = g.Key.Day,
                    ServiceId = g.Key.ServiceId,
                    Severity = g.Key.Severity,
                    Count = g.Count(),
                    Unacknowledged = g.Count(i => i.FirstAcknowledgedAt is null),
                    Unresolved = g.Count(i => i.ResolvedAt is null),
                    AcknowledgeMet = ack.Met,
                    AcknowledgeMissed = ack.Missed,
                    AcknowledgePending = ack.Pending,
                    ResolveMet = resolve.Met,
                    ResolveMissed = resolve.Missed,
                    ResolvePending = resolve.Pending,
                    TtaHistogram = tta.ToString(),
                    TtaTotalSeconds = ttaTotal,
                    TtrHistogram = ttr.ToString(),
                    TtrTotalSeconds = ttrTotal,
                    FromAlerts = g.Count(i => i.Fingerprint is not null),
                    SelfResolved = g.Count(i => i.Fingerprint is not null && Noise.SelfResolved(i.FirstAcknowledgedAt, i.ResolvedAt)),
                    FromAlertsOpen = g.Count(i => i.Fingerprint is not null && i.FirstAcknowledgedAt is null && i.ResolvedAt is null),
                };
            })
            .ToList();
        var impacts = outages.GroupBy(o => o.ServiceId).SelectMany(g => days.Select(day => new ServiceImpactDay
        {
            Day = day,
            ServiceId = g.Key,
            ImpactSeconds = (long)Intervals.Covered(g.Select(o => new Interval(o.TriggeredAt, (o.MitigatedAt ?? o.ResolvedAt)!.Value)), Midnight(day), Midnight(day.AddDays(1))).TotalSeconds,
        }))
            .Where(d => d.ImpactSeconds > 0)
            .ToList();

        var (alertDays, alertsByFingerprint) = await SignalRollups.AlertsAsync(db, from, until, wanted, cancellationToken);
        var fingerprintDays = incidents.Where(i => i.Fingerprint is not null && wanted.Contains(DayOf(i.TriggeredAt)))
            .GroupBy(i => (Day: DayOf(i.TriggeredAt), Fingerprint: i.Fingerprint!, i.Severity))
            .Select(g => new FingerprintDay
            {
                Day = g.Key.Day,
                Fingerprint = g.Key.Fingerprint,
                Severity = g.Key.Severity,
                ServiceId = g.First().ServiceId,
                Incidents = g.Count(),
                SelfResolved = g.Count(i => Noise.SelfResolved(i.FirstAcknowledgedAt, i.ResolvedAt)),
                Alerts = alertsByFingerprint.GetValueOrDefault((g.Key.Day, g.Key.Fingerprint, g.Key.Severity)),
                LatestIncidentId = g.Max(i => i.Id),
            })
            .ToList();
        var pageDays = await SignalRollups.PagesAsync(db, from, until, wanted, cancellationToken);

        var dayList = days.ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.IncidentDays.Where(d => dayList.Contains(d.Day)).ExecuteDeleteAsync(cancellationToken);
        await db.ServiceImpactDays.Where(d => dayList.Contains(d.Day)).ExecuteDeleteAsync(cancellationToken);
        await db.AlertDays.Where(d => dayList.Contains(d.Day)).ExecuteDeleteAsync(cancellationToken);
        await db.FingerprintDays.Where(d => dayList.Contains(d.Day)).ExecuteDeleteAsync(cancellationToken);
        await db.PageDays.Where(d => dayList.Contains(d.Day)).ExecuteDeleteAsync(cancellationToken);
        db.IncidentDays.AddRange(rows);
        db.ServiceImpactDays.AddRange(impacts);
        db.AlertDays.AddRange(alertDays);
        db.FingerprintDays.AddRange(fingerprintDays);
        db.PageDays.AddRange(pageDays);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance wrote these days at the same moment; its rows stand and the next run recomputes them.
            await transaction.RollbackAsync(cancellationToken);
        }
    }

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    public static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolling up incidents for the reports failed; retrying on the next run")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Report rollups: {Days} days recomputed")]
    private static partial void LogRecomputed(ILogger logger, int days);
}
