using Incidents.Domain.OnCall;

namespace Incidents.Domain.Changes;

/// <summary>
/// A checkpoint before each window: by <see cref="DaysBefore"/> days before the window's day at <see cref="At"/>
/// (wall-clock, the window's zone), a change planned in it must have reached <see cref="Reached"/> ("in test by
/// Wednesday 12:00": Submitted; "ready for production by Friday 10:00": Approved).
/// </summary>
public sealed record Checkpoint(string Name, int DaysBefore, TimeOnly At, ChangeStatus Reached)
{
    /// <summary>Whether a change in <paramref name="status"/> has reached the checkpoint's state (later states count).</summary>
    public bool IsReachedBy(ChangeStatus status) => Rank(status) >= Rank(Reached);

    private static int Rank(ChangeStatus status) => status switch
    {
        ChangeStatus.Draft => 0,
        ChangeStatus.Submitted => 1,
        ChangeStatus.Approved => 2,
        ChangeStatus.Scheduled => 3,
        ChangeStatus.InProgress => 4,
        ChangeStatus.Completed or ChangeStatus.Failed or ChangeStatus.RolledBack => 5,
        ChangeStatus.Rejected or ChangeStatus.Cancelled => -1,
    };
}

/// <summary>One occurrence of a window: when it opens and closes, and its checkpoints' instants.</summary>
public sealed record WindowOccurrence(long WindowId, string Name, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<(Checkpoint Checkpoint, DateTimeOffset Due)> Checkpoints)
{
    public bool Holds(DateTimeOffset start, DateTimeOffset end) => start >= Start && end <= End;
}

/// <summary>
/// A recurring deployment window of a team (all its services) or one service: on the given days from
/// <see cref="From"/> to <see cref="To"/> in <see cref="TimeZone"/> (e.g. Tue and Thu 13:00–15:00 Europe/Berlin),
/// with checkpoints before each. Normal changes are planned inside one; one planned outside needs a reason.
/// </summary>
public sealed class DeploymentWindow
{
    public const int MaxNameLength = 100;
    private List<Checkpoint> checkpoints = [];
    private List<DayOfWeek> days = [];

    private DeploymentWindow()
    {
    }

    public long Id { get; private set; }

    public long? TeamId { get; private set; }

    public long? ServiceId { get; private set; }

    public string Name { get; private set; } = "";

    public string TimeZone { get; private set; } = "UTC";

    public IReadOnlyList<DayOfWeek> Days => days;

    public TimeOnly From { get; private set; }

    public TimeOnly To { get; private set; }

    public IReadOnlyList<Checkpoint> Checkpoints => checkpoints;

    public static (Outcome Outcome, DeploymentWindow? Window) Create(long? teamId, long? serviceId, string name, string timeZone, IReadOnlyList<DayOfWeek> days,
        TimeOnly from, TimeOnly to, IReadOnlyList<Checkpoint> checkpoints)
    {
        var window = new DeploymentWindow();
        var outcome = window.Edit(teamId, serviceId, name, timeZone, days, from, to, checkpoints);
        return outcome.Succeeded ? (outcome, window) : (outcome, null);
    }

    public Outcome Edit(long? teamId, long? serviceId, string name, string timeZone, IReadOnlyList<DayOfWeek> newDays, TimeOnly from, TimeOnly to, IReadOnlyList<Checkpoint> newCheckpoints)
    {
        if ((teamId is null) == (serviceId is null))
        {
            return Outcome.Invalid("A window belongs to a team or to one service.");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            return Outcome.Invalid($"Name the window (at most {MaxNameLength} characters), e.g. “Release window”.");
        }

        if (!ZoneTime.IsKnown(timeZone))
        {
            return Outcome.Invalid($"“{timeZone}” is not a time zone this server knows (e.g. Europe/Berlin).");
        }

        if (newDays.Count == 0 || newDays.Any(d => !Enum.IsDefined(d)))
        {
            return Outcome.Invalid("Choose at least one day.");
        }

        if (to <= from)
        {
            return Outcome.Invalid("The window ends after it starts, on the same day.");
        }

        if (newCheckpoints.Count > 5 || newCheckpoints.Any(c => string.IsNullOrWhiteSpace(c.Name) || c.Name.Length > 100 || c.DaysBefore is < 0 or > 14
            || c.Reached is not (ChangeStatus.Submitted or ChangeStatus.Approved or ChangeStatus.Scheduled)))
        {
            return Outcome.Invalid("At most five checkpoints, each named, 0 to 14 days before the window, asking for submitted, approved or scheduled.");
        }

        if (newCheckpoints.Any(c => c.DaysBefore == 0 && c.At >= from))
        {
            return Outcome.Invalid("A checkpoint on the window's own day comes before the window opens.");
        }

        TeamId = teamId;
        ServiceId = serviceId;
        Name = name.Trim();
        TimeZone = timeZone;
        days = newDays.Distinct().OrderBy(d => ((int)d + 6) % 7).ToList();
        From = from;
        To = to;
        checkpoints = newCheckpoints.Select(c => c with { Name = c.Name.Trim() }).OrderByDescending(c => c.DaysBefore).ThenBy(c => c.At).ToList();
        return Outcome.Success;
    }

    /// <summary>The window's occurrences that overlap [<paramref name="from"/>, <paramref name="until"/>), in order; wall-clock times across DST.</summary>
    public IEnumerable<WindowOccurrence> Occurrences(DateTimeOffset from, DateTimeOffset until)
    {
        var zone = ZoneTime.Find(TimeZone);
        var day = DateOnly.FromDateTime(ZoneTime.ToLocal(from, zone)).AddDays(-1);
        var last = DateOnly.FromDateTime(ZoneTime.ToLocal(until, zone)).AddDays(1);
        for (; day <= last; day = day.AddDays(1))
        {
            if (!days.Contains(day.DayOfWeek))
            {
                continue;
            }

            var start = ZoneTime.ToInstant(day.ToDateTime(From), zone);
            var end = ZoneTime.ToInstant(day.ToDateTime(To), zone);
            if (end <= from || start >= until)
            {
                continue;
            }

            yield return new WindowOccurrence(Id, Name, start, end,
                checkpoints.Select(c => (c, ZoneTime.ToInstant(day.AddDays(-c.DaysBefore).ToDateTime(c.At), zone))).ToList());
        }
    }

    public string Describe() => new TimeWindow(days, From, To).Describe() + $" ({TimeZone})";
}

/// <summary>A freeze: no normal change of the team or service is planned from <see cref="Start"/> to <see cref="End"/> without a reason.</summary>
public sealed class ChangeFreeze
{
    private ChangeFreeze()
    {
    }

    public long Id { get; private set; }

    public long? TeamId { get; private set; }

    public long? ServiceId { get; private set; }

    public DateTimeOffset Start { get; private set; }

    public DateTimeOffset End { get; private set; }

    public string Reason { get; private set; } = "";

    public static (Outcome Outcome, ChangeFreeze? Freeze) Create(long? teamId, long? serviceId, DateTimeOffset start, DateTimeOffset end, string? reason)
    {
        if ((teamId is null) == (serviceId is null))
        {
            return (Outcome.Invalid("A freeze belongs to a team or to one service."), null);
        }

        if (end <= start)
        {
            return (Outcome.Invalid("The freeze ends after it starts."), null);
        }

        return string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 200
            ? (Outcome.Invalid("Say why changes are frozen (at most 200 characters), e.g. “Black Friday”."), null)
            : (Outcome.Success, new ChangeFreeze { TeamId = teamId, ServiceId = serviceId, Start = start, End = end, Reason = reason.Trim() });
    }

    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => start < End && end > Start;
}

/// <summary>Where a planned change stands against its service's windows and freezes.</summary>
public static class ChangePlanning
{
    /// <summary>
    /// Why a normal change planned from <paramref name="start"/> to <paramref name="end"/> needs a reason: it falls
    /// in a freeze, or outside every window of its service (when it has any). Null when it is fine. Standard and
    /// emergency changes are not held to windows.
    /// </summary>
    public static string? WhyOutside(ChangeType type, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<DeploymentWindow> windows, IReadOnlyList<ChangeFreeze> freezes)
    {
        if (type != ChangeType.Normal)
        {
            return null;
        }

        if (freezes.FirstOrDefault(f => f.Overlaps(start, end)) is { } freeze)
        {
            return $"It is planned in a change freeze ({freeze.Reason}, {freeze.Start:d MMM} – {freeze.End:d MMM}).";
        }

        if (windows.Count == 0 || windows.Any(w => w.Occurrences(start, end).Any(o => o.Holds(start, end))))
        {
            return null;
        }

        return $"It is planned outside the deployment windows ({string.Join("; ", windows.Select(w => w.Describe()))}).";
    }
}
