using Incidents.Domain.Incidents;
using Incidents.Domain.Reports;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Reports;

/// <summary>One UTC day's alerts of one service and severity (by when each was first seen), and how many opened or joined an incident.</summary>
public sealed class AlertDay
{
    public DateOnly Day { get; set; }

    public long ServiceId { get; set; }

    public Severity Severity { get; set; }

    public int Alerts { get; set; }

    public int OnIncidents { get; set; }
}

/// <summary>One UTC day of one recurring alert (its fingerprint) and incident severity: the incidents it opened, those that ended by themselves, its alerts.</summary>
public sealed class FingerprintDay
{
    public DateOnly Day { get; set; }

    public string Fingerprint { get; set; } = "";

    public long ServiceId { get; set; }

    public Severity Severity { get; set; }

    public int Incidents { get; set; }

    public int SelfResolved { get; set; }

    public int Alerts { get; set; }

    public long LatestIncidentId { get; set; }
}

/// <summary>
/// One UTC day's pages of one person, for incidents of one service and severity, in one rotation (the one they were on
/// call in when paged; 0 for none): how many, outside working hours and in sleep hours on their clock, and answered
/// within five minutes.
/// </summary>
public sealed class PageDay
{
    public DateOnly Day { get; set; }

    public string UserId { get; set; } = "";

    public long ScheduleId { get; set; }

    public long ServiceId { get; set; }

    public Severity Severity { get; set; }

    public string UserName { get; set; } = "";

    public int Pages { get; set; }

    public int OutsideWorkingHours { get; set; }

    public int SleepHours { get; set; }

    public int Prompt { get; set; }
}

internal sealed class SignalRollupConfiguration : IEntityTypeConfiguration<AlertDay>, IEntityTypeConfiguration<FingerprintDay>, IEntityTypeConfiguration<PageDay>
{
    public void Configure(EntityTypeBuilder<AlertDay> builder) => builder.HasKey(d => new { d.Day, d.ServiceId, d.Severity });

    public void Configure(EntityTypeBuilder<FingerprintDay> builder)
    {
        builder.HasKey(d => new { d.Day, d.Fingerprint, d.Severity });
        builder.Property(d => d.Fingerprint).HasMaxLength(300);
    }

    public void Configure(EntityTypeBuilder<PageDay> builder)
    {
        builder.HasKey(d => new { d.Day, d.UserId, d.ScheduleId, d.ServiceId, d.Severity });
        builder.Property(d => d.UserId).HasMaxLength(450);
        builder.Property(d => d.UserName).HasMaxLength(200);
    }
}

/// <summary>
/// The alert and page side of the report rollups, recomputed whole for a set of days with the incidents'
/// (<see cref="RollUpIncidents"/>): alerts per day, service and severity; recurring alerts per day; pages per day,
/// person, rotation, service and severity, each classified by the receiver's clock when the day is rolled up.
/// </summary>
internal static class SignalRollups
{
    /// <summary>The alert rows and each fingerprint's alert count of these days.</summary>
    public static async Task<(List<AlertDay> Days, Dictionary<(DateOnly, string, Severity), int> ByFingerprint)> AlertsAsync(
        IncidentsDbContext db, DateTimeOffset from, DateTimeOffset until, IReadOnlySet<DateOnly> wanted, CancellationToken cancellationToken)
    {
        var alerts = await db.Alerts.AsNoTracking().Where(a => a.FirstSeenAt >= from && a.FirstSeenAt < until)
            .GroupJoin(db.Incidents, a => a.IncidentId, i => i.Id, (a, i) => new { a, i })
            .SelectMany(x => x.i.DefaultIfEmpty(), (x, i) => new { x.a.FirstSeenAt, x.a.ServiceId, x.a.Severity, x.a.IncidentId, Fingerprint = i == null ? null : i.Fingerprint, IncidentSeverity = i == null ? Severity.Sev4 : i.Severity })
            .ToListAsync(cancellationToken);
        var inDays = alerts.Where(a => wanted.Contains(RollUpIncidents.DayOf(a.FirstSeenAt))).ToList();
        var days = inDays.GroupBy(a => (Day: RollUpIncidents.DayOf(a.FirstSeenAt), a.ServiceId, a.Severity))
            .Select(g => new AlertDay { Day = g.Key.Day, ServiceId = g.Key.ServiceId, Severity = g.Key.Severity, Alerts = g.Count(), OnIncidents = g.Count(a => a.IncidentId != null) })
            .ToList();
        var byFingerprint = inDays.Where(a => a.Fingerprint is not null).GroupBy(a => (RollUpIncidents.DayOf(a.FirstSeenAt), a.Fingerprint!, a.IncidentSeverity)).ToDictionary(g => g.Key, g => g.Count());
        return (days, byFingerprint);
    }

    /// <summary>The page rows of these days: each page placed in the rotation its person was on call in, and classified by that rotation's clock.</summary>
    public static async Task<List<PageDay>> PagesAsync(IncidentsDbContext db, DateTimeOffset from, DateTimeOffset until, IReadOnlySet<DateOnly> wanted, CancellationToken cancellationToken)
    {
        var pages = await db.Pages.AsNoTracking().Where(p => p.CreatedAt >= from && p.CreatedAt < until)
            .Join(db.Incidents, p => p.IncidentId, i => i.Id, (p, i) => new { p.UserId, p.UserName, p.CreatedAt, i.ServiceId, i.Severity, i.FirstAcknowledgedAt })
            .ToListAsync(cancellationToken);
        if (pages.Count == 0)
        {
            return [];
        }

        var schedules = await db.Schedules.AsNoTracking().Include(s => s.Layers).Include(s => s.Overrides.Where(o => o.EndsAt > from && o.StartsAt < until)).ToListAsync(cancellationToken);
        var shifts = schedules.SelectMany(s => s.Shifts(from, until).Where(x => x.UserId is not null).Select(x => (Schedule: s, x.UserId, x.From, x.To)))
            .GroupBy(x => x.UserId!).ToDictionary(g => g.Key, g => g.ToList());
        var memberOf = schedules.SelectMany(s => s.Layers.SelectMany(l => l.Participants).Select(u => (User: u, s.Zone))).GroupBy(p => p.User).ToDictionary(g => g.Key, g => g.First().Zone);
        return pages.Where(p => wanted.Contains(RollUpIncidents.DayOf(p.CreatedAt)))
            .Select(p =>
            {
                var shift = shifts.TryGetValue(p.UserId, out var own) ? own.FirstOrDefault(s => s.From <= p.CreatedAt && p.CreatedAt < s.To) : default;
                var zone = shift.Schedule?.Zone ?? memberOf.GetValueOrDefault(p.UserId, TimeZoneInfo.Utc);
                return (p.UserId, p.UserName, ScheduleId: shift.Schedule?.Id ?? 0, p.ServiceId, p.Severity, Day: RollUpIncidents.DayOf(p.CreatedAt),
                    Taken: new PageTaken(p.CreatedAt, zone, p.FirstAcknowledgedAt));
            })
            .GroupBy(p => (p.Day, p.UserId, p.ScheduleId, p.ServiceId, p.Severity))
            .Select(g =>
            {
                var figure = BurdenMeasure.Of(g.Select(p => p.Taken), [], from, from);
                return new PageDay
                {
                    Day = g.Key.Day,
                    UserId = g.Key.UserId,
                    ScheduleId = g.Key.ScheduleId,
                    ServiceId = g.Key.ServiceId,
                    Severity = g.Key.Severity,
                    UserName = g.First().UserName,
                    Pages = figure.Pages,
                    OutsideWorkingHours = figure.OutsideWorkingHours,
                    SleepHours = figure.SleepHours,
                    Prompt = figure.AcknowledgedPromptly,
                };
            })
            .ToList();
    }
}
