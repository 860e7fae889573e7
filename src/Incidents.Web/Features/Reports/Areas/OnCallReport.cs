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
/// rotations by the team (a service's: its team's). Pages come from the daily rollups (at most half a minute behind).
/// </summary>
internal sealed class ReportOnCall(IDbContextFactory<IncidentsDbContext> contexts, RollUpIncidents rollups, TimeProvider clock) : IReportArea
{
    public string Key => "oncall";

    public IReadOnlyList<string> Tables { get; } = ["oncall-people", "oncall-rotations"];

    private sealed record ShiftRow(long ScheduleId, string UserId, Interval Interval);

    /// <summary>Pages of a period read from the daily rollups (<see cref="PageDay"/>), classified when they were rolled up.</summary>
    public async Task<OnCallAreaReport> HandleAsync(ReportFilter filter, CancellationToken cancellationToken = default)
    {
        await rollups.EnsureBuiltAsync(cancellationToken);

        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var services = await db.Services.AsNoTracking().Where(s => (filter.TeamId == null || s.TeamId == filter.TeamId) && (filter.ServiceId == null || s.Id == filter.ServiceId))
            .Select(s => new { s.Id, s.TeamId }).ToListAsync(cancellationToken);
        var serviceIds = services.Select(s => s.Id).ToList();
        var teamId = filter.TeamId ?? (filter.ServiceId is not null ? services.Select(s => (long?)s.TeamId).FirstOrDefault() : null);
        var (first, start, end) = (RollUpIncidents.DayOf(filter.Previous.From), RollUpIncidents.DayOf(filter.From), RollUpIncidents.DayOf(filter.Until));
        var severity = filter.Severity;
        var days = await db.PageDays.AsNoTracking()
            .Where(d => d.Day >= first && d.Day < end && serviceIds.Contains(d.ServiceId) && (severity == null || d.Severity == severity))
            .ToListAsync(cancellationToken);
        var schedules = await db.Schedules.AsNoTracking().Include(s => s.Layers).Include(s => s.Overrides.Where(o => o.EndsAt > filter.Previous.From && o.StartsAt < filter.Until))
            .Where(s => teamId == null || s.TeamId == teamId).ToListAsync(cancellationToken);
        var measuredUntil = filter.Until < now ? filter.Until : now;
        var previousUntil = filter.Previous.Until < now ? filter.Previous.Until : now;
        var shifts = Shifts(schedules, filter.Previous.From, measuredUntil);
        var names = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        var current = days.Where(d => d.Day >= start).ToList();
        BurdenFigure Figure(IEnumerable<PageDay> rows, IEnumerable<ShiftRow> onCall, DateTimeOffset from, DateTimeOffset until)
        {
            var list = rows.ToList();
            return new BurdenFigure(list.Sum(d => d.Pages), list.Sum(d => d.OutsideWorkingHours), list.Sum(d => d.SleepHours), list.Sum(d => d.Prompt),
                Intervals.Covered(onCall.Select(s => s.Interval), from, until));
        }

        var people = current.Select(d => d.UserId).Concat(shifts.Where(s => s.Interval.End > filter.From).Select(s => s.UserId)).Distinct()
            .Select(user => new BurdenRow(user, names.GetValueOrDefault(user) ?? current.FirstOrDefault(d => d.UserId == user)?.UserName ?? user, null,
                Figure(current.Where(d => d.UserId == user), shifts.Where(s => s.UserId == user), filter.From, measuredUntil)))
            .OrderByDescending(r => r.Figure.Pages).ThenByDescending(r => r.Figure.OnCall).ThenBy(r => r.Name).ToList();
        var rotations = schedules
            .Select(s => new BurdenRow(s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Name, s.TimeZoneId,
                Figure(current.Where(d => d.ScheduleId == s.Id), shifts.Where(x => x.ScheduleId == s.Id), filter.From, measuredUntil)))
            .OrderByDescending(r => r.Figure.Pages).ThenBy(r => r.Name).ToList();
        return new OnCallAreaReport(filter, Figure(current, shifts, filter.From, measuredUntil), Figure(days.Where(d => d.Day < start), shifts, filter.Previous.From, previousUntil),
            people, rotations);
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
