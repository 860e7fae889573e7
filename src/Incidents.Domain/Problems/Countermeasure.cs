namespace Incidents.Domain.Problems;

/// <summary>Where a countermeasure goes: software fixes to the development backlog, the rest tracked here with an owner.</summary>
public enum CountermeasureKind
{
    SoftwareFix,
    ConfigurationHardware,
    ProcessTraining,
    MonitoringDetection,
}

public enum CountermeasureState
{
    Proposed,
    Accepted,
    InProgress,
    Done,
    Verified,
    Rejected,
}

/// <summary>An action that prevents recurrence or reduces impact, with owner, due date, priority and state.</summary>
public sealed class Countermeasure
{
    private Countermeasure()
    {
    }

    public long Id { get; private set; }

    public long? ProblemId { get; private set; }

    public string Title { get; private set; } = "";

    public CountermeasureKind Kind { get; private set; }

    public string? OwnerId { get; set; }

    public DateOnly? DueOn { get; set; }

    public int Priority { get; set; } = 3;

    public CountermeasureState State { get; private set; }

    /// <summary>The fix shipped but the problem recurred within its watch window.</summary>
    public bool Ineffective { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DoneAt { get; private set; }

    public bool GoesToBacklog => Kind == CountermeasureKind.SoftwareFix;

    public static (Outcome Outcome, Countermeasure? Countermeasure) Propose(string title, CountermeasureKind kind, long? problemId, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return (Outcome.Invalid("Say what should be done."), null);
        }

        return title.Trim().Length > 200
            ? (Outcome.Invalid("Keep the title within 200 characters."), null)
            : (Outcome.Success, new Countermeasure { Title = title.Trim(), Kind = kind, ProblemId = problemId, CreatedAt = at });
    }

    /// <summary>Moves along the board.</summary>
    public Outcome MoveTo(CountermeasureState to, DateTimeOffset at)
    {
        // Forward one column at a time, back one while not done, rejected before done; a done one goes back to work
        // when its backlog item is reopened or the fix proves ineffective.
        CountermeasureState[] from = to switch
        {
            CountermeasureState.Proposed => [CountermeasureState.Accepted, CountermeasureState.Rejected],
            CountermeasureState.Accepted => [CountermeasureState.Proposed, CountermeasureState.InProgress],
            CountermeasureState.InProgress => [CountermeasureState.Accepted, CountermeasureState.Done, CountermeasureState.Verified],
            CountermeasureState.Done => [CountermeasureState.InProgress],
            CountermeasureState.Verified => [CountermeasureState.Done],
            CountermeasureState.Rejected => [CountermeasureState.Proposed, CountermeasureState.Accepted, CountermeasureState.InProgress],
        };
        var allowed = from.Contains(State);
        if (!allowed)
        {
            return Outcome.Conflict($"A countermeasure cannot move from {State} to {to}.");
        }

        State = to;
        DoneAt = to == CountermeasureState.Done ? at : to is CountermeasureState.Verified ? DoneAt : null;
        return Outcome.Success;
    }

    /// <summary>Its problem recurred after it was done: back to work, flagged.</summary>
    public void MarkIneffective(DateTimeOffset at)
    {
        Ineffective = true;
        if (State is CountermeasureState.Done or CountermeasureState.Verified)
        {
            MoveTo(CountermeasureState.InProgress, at);
        }
    }
}
