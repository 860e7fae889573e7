using Incidents.Domain.OnCall;
using Incidents.Domain.Reports;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Reports.Areas;

/// <summary>One person's or one rotation's burden over the period.</summary>
public sealed record BurdenRow(string Id, string Name, string? Detail, BurdenFigure Figure);

public sealed record OnCallAreaReport(ReportFilter Filter, BurdenFigure Total, BurdenFigure Previous, IReadOnlyList<BurdenRow> People, IReadOnlyList<BurdenRow> Rotations);

/// <summary>
/// On-call burden per person and per rotation: pages received (a page is one person paged for one incident), those
/// outside working hours (08:00–18:00 Monday to Friday) and in sleep hours (22:00–07:00) by the receiver's clock — the
/// time zone of the rotation they were on call in at that moment, else of a rotation they belong to, else UTC — the
/// share acknowledged within five minutes, and hours on call (their shifts, merged, up to now). A rotation's pages are
/// those its on-call person received during their shift. Scoped by the incident's team, service and severity; the
/// rotations by the team (a service's: its team's).
/// </summary>
internal sealed class ReportOnCall(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock) : IReportArea
{
    public string Key => "oncall";

    public IReadOnlyList<string> Tables { get; } = ["oncall-people", "oncall-rotations"];

    private sealed record PageRow(string UserId, string UserName, DateTimeOffset At, DateTimeOffset? AcknowledgedAt);

    private sealed record ShiftRow(long ScheduleId, string UserId, Interval Interval);

    public async Task<OnCallAreaReport> HandleAsync(ReportFilter filter, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teamId = filter.TeamId ?? (filter.ServiceId is { } serviceId
            ? await db.Services.Where(s => s.Id == serviceId).Select(s => (long?)s.TeamId).FirstOrDefaultAsync(cancellationToken)
            : null);
        var schedules = await db.Schedules.AsNoTracking().Include(s => s.Layers).Include(s => s.Overrides.Where(o => o.EndsAt > filter.Previous.From && o.StartsAt < filter.Until))
            .ToListAsync(cancellationToken);
        var scoped = schedules.Where(s => teamId is null || s.TeamId == teamId).ToList();
        var measuredUntil = filter.Until < now ? filter.Until : now;
        var previousUntil = filter.Previous.Until < now ? filter.Previous.Until : now;
        var shifts = Shifts(schedules, filter.Previous.From, measuredUntil);
        var names = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        var pages = await (
                from p in db.Pages.AsNoTracking()
                join i in db.Incidents on p.IncidentId equals i.Id
                where p.CreatedAt >= filter.Previous.From && p.CreatedAt < filter.Until && (filter.ServiceId == null || i.ServiceId == filter.ServiceId)
                where (filter.TeamId == null || db.Services.Any(s => s.Id == i.ServiceId && s.TeamId == filter.TeamId)) && (filter.Severity == null || i.Severity == filter.Severity)
                select new PageRow(p.UserId, p.UserName, p.CreatedAt, i.FirstAcknowledgedAt))
            .ToListAsync(cancellationToken);
        var zones = schedules.ToDictionary(s => s.Id, s => s.Zone);
        var memberOf = schedules.SelectMany(s => s.Layers.SelectMany(l => l.Participants).Select(u => (User: u, s.Zone))).GroupBy(p => p.User).ToDictionary(g => g.Key, g => g.First().Zone);

        // Whose rotation a page came in: the shift of that person covering that instant.
        var shiftsOf = shifts.GroupBy(s => s.UserId).ToDictionary(g => g.Key, g => g.ToList());
        (long? ScheduleId, TimeZoneInfo Zone) Where(PageRow page)
        {
            var shift = shiftsOf.TryGetValue(page.UserId, out var own) ? own.FirstOrDefault(s => s.Interval.Start <= page.At && page.At < s.Interval.End) : null;
            return shift is not null ? (shift.ScheduleId, zones[shift.ScheduleId]) : (null, memberOf.GetValueOrDefault(page.UserId, TimeZoneInfo.Utc));
        }

        var placed = pages.Select(p => (Page: p, Where: Where(p))).ToList();
        PageTaken Taken((PageRow Page, (long? ScheduleId, TimeZoneInfo Zone) Where) p) => new(p.Page.At, p.Where.Zone, p.Page.AcknowledgedAt);
        bool InPeriod(DateTimeOffset at) => at >= filter.From;
        var scopedIds = scoped.Select(s => s.Id).ToHashSet();
        var scopedShifts = shifts.Where(s => scopedIds.Contains(s.ScheduleId)).ToList();

        var people = placed.Where(p => InPeriod(p.Page.At)).Select(p => p.Page.UserId)
            .Concat(scopedShifts.Where(s => s.Interval.End > filter.From).Select(s => s.UserId)).Distinct()
            .Select(user => new BurdenRow(user, names.GetValueOrDefault(user) ?? placed.FirstOrDefault(p => p.Page.UserId == user).Page?.UserName ?? user, null,
                BurdenMeasure.Of(placed.Where(p => p.Page.UserId == user && InPeriod(p.Page.At)).Select(Taken),
                    scopedShifts.Where(s => s.UserId == user).Select(s => s.Interval), filter.From, measuredUntil)))
            .OrderByDescending(r => r.Figure.Pages).ThenByDescending(r => r.Figure.OnCall).ThenBy(r => r.Name).ToList();
        var rotations = scoped
            .Select(s => new BurdenRow(s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Name, s.TimeZoneId,
                BurdenMeasure.Of(placed.Where(p => p.Where.ScheduleId == s.Id && InPeriod(p.Page.At)).Select(Taken),
                    scopedShifts.Where(x => x.ScheduleId == s.Id).Select(x => x.Interval), filter.From, measuredUntil)))
            .OrderByDescending(r => r.Figure.Pages).ThenBy(r => r.Name).ToList();
        var total = BurdenMeasure.Of(placed.Where(p => InPeriod(p.Page.At)).Select(Taken), scopedShifts.Select(s => s.Interval), filter.From, measuredUntil);
        var previous = BurdenMeasure.Of(placed.Where(p => !InPeriod(p.Page.At)).Select(Taken), scopedShifts.Select(s => s.Interval), filter.Previous.From, previousUntil);
        return new OnCallAreaReport(filter, total, previous, people, rotations);
    }

    /// <summary>Every rotation's shifts with someone on call, up to now.</summary>
    private static List<ShiftRow> Shifts(IEnumerable<Schedule> schedules, DateTimeOffset from, DateTimeOffset until) =>
        until <= from
            ? []
            : schedules.SelectMany(s => s.Shifts(from, until).Where(x => x.UserId is not null).Select(x => new ShiftRow(s.Id, x.UserId!, new Interval(x.From, x.To)))).ToList();

    public async Task<ReportExport> ExportAsync(ReportFilter filter, CancellationToken cancellationToken)
    {
        var report = await HandleAsync(filter, cancellationToken);
        static ReportTable Table(string name, string first, IEnumerable<BurdenRow> rows) => new(name,
            [first, "pages", "working_hours", "outside_working_hours", "sleep_hours", "acknowledged_within_5_minutes", "share_within_5_minutes", "hours_on_call"],
            rows.Select(r => (IReadOnlyList<string>)
            [
                r.Name, Cells.Count(r.Figure.Pages), Cells.Count(r.Figure.WorkingHours), Cells.Count(r.Figure.OutsideWorkingHours), Cells.Count(r.Figure.SleepHours),
                Cells.Count(r.Figure.AcknowledgedPromptly), Cells.Share(r.Figure.PromptShare), Cells.Hours(r.Figure.OnCall),
            ]));
        var json = new
        {
            from = filter.From,
            until = filter.Until,
            total = Json(report.Total),
            previous = Json(report.Previous),
            people = report.People.Select(r => new { id = r.Id, name = r.Name, figures = Json(r.Figure) }),
            rotations = report.Rotations.Select(r => new { id = r.Id, name = r.Name, timeZone = r.Detail, figures = Json(r.Figure) }),
        };
        return new ReportExport(json, [Table("oncall-people", "person", report.People), Table("oncall-rotations", "rotation", report.Rotations)]);
    }

    private static object Json(BurdenFigure f) => new
    {
        pages = f.Pages,
        workingHours = f.WorkingHours,
        outsideWorkingHours = f.OutsideWorkingHours,
        sleepHours = f.SleepHours,
        acknowledgedWithin5Minutes = f.AcknowledgedPromptly,
        shareWithin5Minutes = f.PromptShare,
        hoursOnCall = f.OnCall.TotalHours,
    };
}
