using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Changes.Compliance;

/// <summary>
/// One day's process compliance of one service, recorded once final (every approval deadline of the day passed): the
/// KPI's history, which later edits do not rewrite.
/// </summary>
public sealed class ComplianceSnapshot
{
    private ComplianceSnapshot()
    {
    }

    public ComplianceSnapshot(DateOnly day, long serviceId, long teamId, ComplianceFigure figure, DateTimeOffset recordedAt)
    {
        Day = day;
        ServiceId = serviceId;
        TeamId = teamId;
        Total = figure.Total;
        Through = figure.Through;
        Pending = figure.Pending;
        RecordedAt = recordedAt;
    }

    public long Id { get; private set; }

    public DateOnly Day { get; private set; }

    public long ServiceId { get; private set; }

    public long TeamId { get; private set; }

    public int Total { get; private set; }

    public int Through { get; private set; }

    public int Pending { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }
}

internal sealed class ComplianceSnapshotConfiguration : IEntityTypeConfiguration<ComplianceSnapshot>
{
    public void Configure(EntityTypeBuilder<ComplianceSnapshot> builder)
    {
        builder.HasIndex(s => new { s.Day, s.ServiceId }).IsUnique();
        builder.HasIndex(s => new { s.TeamId, s.Day });
    }
}

/// <summary>
/// The daily job (00:10 UTC) that records each service's compliance of every day whose figure is final and not recorded
/// yet (the last 84 days at most, on the first run): one row per day and service with changes. A day is final once the
/// after-the-fact approval deadline (<c>Changes:EmergencyApprovalDays</c> business days) of its last change has passed,
/// so an emergency approved in time counts as through and one never approved counts against, for good. A cursor keeps
/// the first day not recorded. Safe to run twice or on several instances at once: a day is recorded once (unique day
/// and service, and the cursor); a second writer's rows are refused whole.
/// </summary>
internal sealed partial class SnapshotCompliance(
    IDbContextFactory<IncidentsDbContext> contexts, IOptions<ChangeOptions> options, TimeProvider clock, ILogger<SnapshotCompliance> logger)
{
    public const string JobId = "changes-compliance-snapshot";
    public const int BackfillDays = 84;

    /// <summary>The cursor: the first day not recorded yet (midnight UTC).</summary>
    public const string CursorName = "compliance-snapshot";

    /// <summary>The first day whose figure is not final yet at <paramref name="now"/>: days before it are recorded.</summary>
    public static DateOnly FirstOpenDay(DateTimeOffset now, int emergencyApprovalDays)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        // A change that ended on a day started no later than its end: the day's last deadline is that of its midnight.
        while (Domain.Postmortems.PostmortemPolicy.DueAt(Midnight(day), emergencyApprovalDays, TimeZoneInfo.Utc) > now)
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    /// <summary>The first day not recorded yet, or null before the job first ran.</summary>
    public static async Task<DateOnly?> RecordedUntilAsync(IncidentsDbContext db, CancellationToken cancellationToken) =>
        await db.JobCursors.AsNoTracking().Where(c => c.Name == CursorName).Select(c => (DateTimeOffset?)c.Position).SingleOrDefaultAsync(cancellationToken) is { } position
            ? DateOnly.FromDateTime(position.UtcDateTime)
            : null;

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var open = FirstOpenDay(now, options.Value.EmergencyApprovalDays);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cursor = await db.JobCursors.SingleOrDefaultAsync(c => c.Name == CursorName, cancellationToken);
        var recorded = cursor is null ? (DateOnly?)null : DateOnly.FromDateTime(cursor.Position.UtcDateTime);
        var first = recorded is { } r && r > today.AddDays(-BackfillDays) ? r : today.AddDays(-BackfillDays);
        if (first >= open)
        {
            return 0;
        }

        var from = Midnight(first);
        var until = Midnight(open);
        if (cursor is null)
        {
            db.JobCursors.Add(new Infrastructure.Jobs.JobCursor(CursorName, until));
        }
        else
        {
            cursor.Position = until;
        }

        var production = Change.Production;
        var cases = await db.Changes.AsNoTracking()
            .Where(c => c.EndedAt >= from && c.EndedAt < until && c.Environment == production
                && (c.Status == ChangeStatus.Completed || c.Status == ChangeStatus.Failed || c.Status == ChangeStatus.RolledBack))
            .Select(ChangeCompliance.AsCase)
            .ToListAsync(cancellationToken);
        var teams = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.TeamId, cancellationToken);
        var rows = cases.GroupBy(c => (Day: DateOnly.FromDateTime(c.EndedAt!.Value.UtcDateTime), c.ServiceId))
            .Where(g => teams.ContainsKey(g.Key.ServiceId))
            .Select(g => new ComplianceSnapshot(g.Key.Day, g.Key.ServiceId, teams[g.Key.ServiceId],
                ChangeCompliance.OfCounted(g.ToList(), options.Value.EmergencyApprovalDays, now), now))
            .ToList();
        db.ComplianceSnapshots.AddRange(rows);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance recorded these days first.
            return 0;
        }

        LogRecorded(logger, rows.Count, first, open);
        return rows.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Compliance snapshots: {Rows} rows for the days from {First} until {Open}")]
    private static partial void LogRecorded(ILogger logger, int rows, DateOnly first, DateOnly open);
}
