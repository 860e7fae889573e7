using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Changes.Compliance;

/// <summary>One day's process compliance of one service, as it stood the day after: the KPI's history, which later edits do not rewrite.</summary>
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
/// The daily job (00:10 UTC) that records each service's compliance of every finished day not recorded yet (the last
/// 84 days at most, on the first run): one row per day and service with changes. Safe to run twice or on several
/// instances at once: a day is recorded once (unique day and service); a second writer's rows are refused whole.
/// </summary>
internal sealed partial class SnapshotCompliance(
    IDbContextFactory<IncidentsDbContext> contexts, IOptions<ChangeOptions> options, TimeProvider clock, ILogger<SnapshotCompliance> logger)
{
    public const string JobId = "changes-compliance-snapshot";
    public const int BackfillDays = 84;

    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await db.ComplianceSnapshots.MaxAsync(s => (DateOnly?)s.Day, cancellationToken);
        var first = last is { } recorded && recorded.AddDays(1) > today.AddDays(-BackfillDays) ? recorded.AddDays(1) : today.AddDays(-BackfillDays);
        if (first >= today)
        {
            return 0;
        }

        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var until = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
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

        LogRecorded(logger, rows.Count, first, today);
        return rows.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Compliance snapshots: {Rows} rows for the days from {First} until {Today}")]
    private static partial void LogRecorded(ILogger logger, int rows, DateOnly first, DateOnly today);
}
