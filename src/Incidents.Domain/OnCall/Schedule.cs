namespace Incidents.Domain.OnCall;

public enum RotationUnit
{
    Hours,
    Days,
    Weeks,
}

/// <summary>Who is on call from <see cref="From"/> until <see cref="To"/>; a null person is a gap nobody covers.</summary>
public sealed record Shift(DateTimeOffset From, DateTimeOffset To, string? UserId, ShiftSource Source);

public enum ShiftSource
{
    Nobody,
    Layer,
    Override,
}

/// <summary>
/// An on-call schedule: rotation layers (a higher <see cref="ScheduleLayer.Precedence"/> wins wherever it has
/// someone on call) and overrides on top of them (the newest wins). "Who is on call at T" is a pure function of
/// these, computed in the schedule's time zone so hand-offs stay at the same wall-clock time across DST changes.
/// </summary>
public sealed class Schedule
{
    private Schedule()
    {
    }

    public Schedule(string name, string timeZoneId, long? teamId)
    {
        Name = name.Trim();
        TimeZoneId = timeZoneId;
        TeamId = teamId;
    }

    public long Id { get; private set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>IANA time zone, e.g. Europe/Berlin; hand-off times and restrictions are wall-clock times there.</summary>
    public string TimeZoneId { get; set; } = "UTC";

    public long? TeamId { get; set; }

    public List<ScheduleLayer> Layers { get; private set; } = [];

    public List<ScheduleOverride> Overrides { get; private set; } = [];

    public int Version { get; set; }

    public TimeZoneInfo Zone => ZoneTime.Find(TimeZoneId);

    public static string? Validate(string name, string timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Give the schedule a name.";
        }

        if (name.Trim().Length > 100)
        {
            return "Keep the name within 100 characters.";
        }

        return ZoneTime.IsKnown(timeZoneId) ? null : $"\"{timeZoneId}\" is not a known time zone.";
    }

    public string? OnCallAt(DateTimeOffset at) => Resolve(at).UserId;

    /// <summary>Who is on call at an instant and why (an override, a layer, or nobody).</summary>
    public (string? UserId, ShiftSource Source) Resolve(DateTimeOffset at)
    {
        var cover = Overrides.Where(o => o.StartsAt <= at && at < o.EndsAt).OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).FirstOrDefault();
        if (cover is not null)
        {
            return (cover.UserId, ShiftSource.Override);
        }

        var zone = Zone;
        foreach (var layer in Layers.OrderByDescending(l => l.Precedence))
        {
            if (layer.OnCallAt(at, zone) is { } user)
            {
                return (user, ShiftSource.Layer);
            }
        }

        return (null, ShiftSource.Nobody);
    }

    /// <summary>The final schedule between two instants, as consecutive shifts (gaps included).</summary>
    public IReadOnlyList<Shift> Shifts(DateTimeOffset from, DateTimeOffset to)
    {
        var zone = Zone;
        var edges = Layers.SelectMany(l => l.Edges(from, to, zone))
            .Concat(Overrides.SelectMany(o => new[] { o.StartsAt, o.EndsAt }));
        return Segments(from, to, edges, at => Resolve(at));
    }

    /// <summary>One layer alone between two instants (for drawing the layers under the final schedule).</summary>
    public IReadOnlyList<Shift> LayerShifts(ScheduleLayer layer, DateTimeOffset from, DateTimeOffset to)
    {
        var zone = Zone;
        return Segments(from, to, layer.Edges(from, to, zone), at => layer.OnCallAt(at, zone) is { } user ? (user, ShiftSource.Layer) : (null, ShiftSource.Nobody));
    }

    /// <summary>Overrides alone between two instants.</summary>
    public IReadOnlyList<Shift> OverrideShifts(DateTimeOffset from, DateTimeOffset to) =>
        Overrides.Where(o => o.EndsAt > from && o.StartsAt < to)
            .OrderBy(o => o.StartsAt)
            .Select(o => new Shift(o.StartsAt < from ? from : o.StartsAt, o.EndsAt > to ? to : o.EndsAt, o.UserId, ShiftSource.Override))
            .ToList();

    public Outcome AddOverride(string userId, DateTimeOffset startsAt, DateTimeOffset endsAt, string? reason, Actor by, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return Outcome.Invalid("Choose who covers.");
        }

        if (endsAt <= startsAt)
        {
            return Outcome.Invalid("The override must end after it starts.");
        }

        if (endsAt <= now)
        {
            return Outcome.Invalid("The override is entirely in the past.");
        }

        if (endsAt - startsAt > TimeSpan.FromDays(90))
        {
            return Outcome.Invalid("An override covers at most 90 days; change the rotation for longer.");
        }

        Overrides.Add(new ScheduleOverride(userId, startsAt, endsAt, reason?.Trim(), by, now));
        return Outcome.Success;
    }

    public Outcome RemoveOverride(long overrideId)
    {
        var existing = Overrides.SingleOrDefault(o => o.Id == overrideId);
        if (existing is null)
        {
            return Outcome.NotFound("That override does not exist.");
        }

        Overrides.Remove(existing);
        return Outcome.Success;
    }

    private static List<Shift> Segments(
        DateTimeOffset from, DateTimeOffset to, IEnumerable<DateTimeOffset> edges, Func<DateTimeOffset, (string? UserId, ShiftSource Source)> who)
    {
        var points = edges.Where(e => e > from && e < to).Append(from).Distinct().Order().ToList();
        var shifts = new List<Shift>();
        for (var i = 0; i < points.Count; i++)
        {
            var end = i + 1 < points.Count ? points[i + 1] : to;
            var (user, source) = who(points[i]);
            if (shifts.Count > 0 && shifts[^1].UserId == user && shifts[^1].Source == source)
            {
                shifts[^1] = shifts[^1] with { To = end };
            }
            else
            {
                shifts.Add(new Shift(points[i], end, user, source));
            }
        }

        return shifts;
    }
}

/// <summary>
/// A rotation: participants take turns of <see cref="RotationLength"/> units, the first turn starting at
/// <see cref="StartsAtLocal"/> (wall-clock time in the schedule's zone). Hours rotate by elapsed time; days and weeks
/// hand off at the same wall-clock time, so a daily rotation at 09:00 stays at 09:00 across DST changes.
/// </summary>
public sealed class ScheduleLayer
{
    public long Id { get; private set; }

    public long ScheduleId { get; private set; }

    public string Name { get; set; } = "Layer";

    /// <summary>Higher wins where layers overlap.</summary>
    public int Precedence { get; set; }

    public DateTime StartsAtLocal { get; set; }

    public DateTimeOffset? EndsAt { get; set; }

    public int RotationLength { get; set; } = 1;

    public RotationUnit RotationUnit { get; set; } = RotationUnit.Weeks;

    /// <summary>User ids in turn order.</summary>
    public List<string> Participants { get; set; } = [];

    /// <summary>When empty the layer covers all hours; otherwise only inside these windows.</summary>
    public List<TimeWindow> Restrictions { get; set; } = [];

    /// <summary>The hour of day new rotations hand off at unless their owner picks another.</summary>
    public const int DefaultHandOffHour = 9;

    /// <summary>
    /// Where a new layer's first turn starts: the most recent 09:00 in the schedule's zone, so the rotation is in effect at
    /// once (a layer starting later today would leave the hours until then uncovered).
    /// </summary>
    public static DateTime DefaultStartLocal(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = ZoneTime.ToLocal(now, zone);
        return local.Hour >= DefaultHandOffHour ? local.Date.AddHours(DefaultHandOffHour) : local.Date.AddDays(-1).AddHours(DefaultHandOffHour);
    }

    public static string? Validate(int rotationLength, RotationUnit unit, IReadOnlyCollection<string> participants, IReadOnlyCollection<TimeWindow> restrictions)
    {
        if (participants.Count == 0)
        {
            return "Add at least one person to the rotation.";
        }

        if (rotationLength < 1 || rotationLength > unit switch { RotationUnit.Hours => 24 * 7 * 4, RotationUnit.Days => 365, RotationUnit.Weeks => 52 })
        {
            return "Choose a rotation length between 1 and a year.";
        }

        return restrictions.Any(r => r.Days.Count == 0) ? "Each restriction needs at least one day." : null;
    }

    public string? OnCallAt(DateTimeOffset at, TimeZoneInfo zone)
    {
        if (Participants.Count == 0 || (EndsAt is { } end && at >= end))
        {
            return null;
        }

        if (TurnAt(at, zone) is not { } turn)
        {
            return null;
        }

        if (Restrictions.Count > 0)
        {
            var local = ZoneTime.ToLocal(at, zone);
            if (!Restrictions.Any(r => r.Contains(local)))
            {
                return null;
            }
        }

        return Participants[(int)(((turn % Participants.Count) + Participants.Count) % Participants.Count)];
    }

    /// <summary>The instant turn k starts.</summary>
    public DateTimeOffset HandOff(long turn, TimeZoneInfo zone) => RotationUnit switch
    {
        RotationUnit.Hours => ZoneTime.ToInstant(StartsAtLocal, zone).AddHours(turn * (double)RotationLength),
        RotationUnit.Days => ZoneTime.ToInstant(StartsAtLocal.AddDays(turn * (double)RotationLength), zone),
        RotationUnit.Weeks => ZoneTime.ToInstant(StartsAtLocal.AddDays(turn * 7.0 * RotationLength), zone),
    };

    /// <summary>Which turn is running at an instant; null before the layer starts.</summary>
    public long? TurnAt(DateTimeOffset at, TimeZoneInfo zone)
    {
        var start = HandOff(0, zone);
        if (at < start)
        {
            return null;
        }

        var length = RotationUnit switch
        {
            RotationUnit.Hours => TimeSpan.FromHours(RotationLength),
            RotationUnit.Days => TimeSpan.FromDays(RotationLength),
            RotationUnit.Weeks => TimeSpan.FromDays(7 * RotationLength),
        };

        // An estimate from elapsed time, corrected by the exact hand-offs (DST moves them by an hour or so).
        var turn = (long)Math.Floor((at - start) / length);
        while (turn > 0 && HandOff(turn, zone) > at)
        {
            turn--;
        }

        while (HandOff(turn + 1, zone) <= at)
        {
            turn++;
        }

        return turn;
    }

    /// <summary>Instants between two bounds where this layer's answer may change.</summary>
    public IEnumerable<DateTimeOffset> Edges(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        var first = HandOff(0, zone);
        yield return first;
        if (EndsAt is { } end)
        {
            yield return end;
        }

        var turn = TurnAt(from, zone) ?? 0;
        for (var handOff = HandOff(turn, zone); handOff < to; handOff = HandOff(++turn, zone))
        {
            yield return handOff;
        }

        if (Restrictions.Count == 0)
        {
            yield break;
        }

        var day = DateOnly.FromDateTime(ZoneTime.ToLocal(from, zone)).AddDays(-1);
        var lastDay = DateOnly.FromDateTime(ZoneTime.ToLocal(to, zone)).AddDays(1);
        for (; day <= lastDay; day = day.AddDays(1))
        {
            foreach (var edge in Restrictions.SelectMany(r => r.EdgesOn(day)))
            {
                yield return ZoneTime.ToInstant(edge, zone);
            }
        }
    }
}

/// <summary>Someone covers a schedule for a while ("Ana covers Bob from Fri 18:00 to Mon 09:00").</summary>
public sealed class ScheduleOverride
{
    private ScheduleOverride()
    {
    }

    public ScheduleOverride(string userId, DateTimeOffset startsAt, DateTimeOffset endsAt, string? reason, Actor by, DateTimeOffset createdAt)
    {
        UserId = userId;
        StartsAt = startsAt;
        EndsAt = endsAt;
        Reason = reason;
        CreatedById = by.Id;
        CreatedByName = by.Name;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    public long ScheduleId { get; private set; }

    public string UserId { get; private set; } = "";

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public string? Reason { get; private set; }

    public string? CreatedById { get; private set; }

    public string CreatedByName { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }
}
