namespace Incidents.Domain.OnCall;

public enum EscalationTargetKind
{
    Person,
    Schedule,
}

/// <summary>Whom a level pages: a person (user id) or whoever is on call for a schedule (schedule id) at that moment.</summary>
public sealed record EscalationTarget(EscalationTargetKind Kind, string Id);

/// <summary>One step of a policy: page the targets, then wait this long for an acknowledgement before the next level.</summary>
public sealed class EscalationLevel
{
    public long Id { get; private set; }

    public long PolicyId { get; private set; }

    public int Position { get; set; }

    public int TimeoutSeconds { get; set; } = 15 * 60;

    public List<EscalationTarget> Targets { get; set; } = [];

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}

/// <summary>Where a page goes next: the level and the pass through the policy (0 = first time, 1 = first repeat…).</summary>
public readonly record struct EscalationPosition(int Level, int Cycle);

/// <summary>
/// Ordered levels, each paging its targets and waiting its timeout; after the last level the policy starts over
/// up to <see cref="Repeats"/> more times. Acknowledging stops it (the paging engine's business).
/// </summary>
public sealed class EscalationPolicy
{
    public const int MinTimeoutSeconds = 5;
    public const int MaxRepeats = 9;

    private EscalationPolicy()
    {
    }

    public EscalationPolicy(string name, long? teamId)
    {
        Name = name.Trim();
        TeamId = teamId;
    }

    public long Id { get; private set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public long? TeamId { get; set; }

    public int Repeats { get; set; }

    public List<EscalationLevel> Levels { get; private set; } = [];

    public int Version { get; set; }

    public IReadOnlyList<EscalationLevel> Ordered => Levels.OrderBy(l => l.Position).ToList();

    /// <summary>The step after this one, or null when the policy (with its repeats) is exhausted.</summary>
    public EscalationPosition? After(EscalationPosition position)
    {
        if (position.Level + 1 < Levels.Count)
        {
            return position with { Level = position.Level + 1 };
        }

        return position.Cycle < Repeats ? new EscalationPosition(0, position.Cycle + 1) : null;
    }

    public EscalationLevel LevelAt(int level) => Ordered[level];

    public static string? Validate(string name, int repeats, IReadOnlyList<(int TimeoutSeconds, IReadOnlyList<EscalationTarget> Targets)> levels)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Give the policy a name.";
        }

        if (name.Trim().Length > 100)
        {
            return "Keep the name within 100 characters.";
        }

        if (repeats is < 0 or > MaxRepeats)
        {
            return $"Repeat between 0 and {MaxRepeats} times.";
        }

        if (levels.Count == 0)
        {
            return "Add at least one level.";
        }

        for (var i = 0; i < levels.Count; i++)
        {
            if (levels[i].Targets.Count == 0)
            {
                return $"Level {i + 1} needs at least one person or schedule.";
            }

            if (levels[i].TimeoutSeconds is < MinTimeoutSeconds or > 24 * 3600)
            {
                return $"Level {i + 1}: the timeout must be between {MinTimeoutSeconds} seconds and 24 hours.";
            }
        }

        return null;
    }

    public void ReplaceLevels(IEnumerable<(int TimeoutSeconds, IReadOnlyList<EscalationTarget> Targets)> levels)
    {
        Levels.Clear();
        var position = 0;
        foreach (var (timeout, targets) in levels)
        {
            Levels.Add(new EscalationLevel { Position = position++, TimeoutSeconds = timeout, Targets = [.. targets.Distinct()] });
        }
    }
}
