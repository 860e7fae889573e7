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

/// <summary>The development backlogs a software fix can be pushed to.</summary>
public enum BacklogSystem
{
    GitHub,
    AzureDevOps,
}

/// <summary>A backlog item's state as the countermeasure sees it, whatever the tracker calls it.</summary>
public enum BacklogItemState
{
    Open,
    InProgress,
    Done,
    Dropped,
}

/// <summary>An action that prevents recurrence or reduces impact, with owner, due date, priority and state.</summary>
public sealed class Countermeasure
{
    private Countermeasure()
    {
    }

    public long Id { get; private set; }

    public long? ProblemId { get; private set; }

    /// <summary>The postmortem that decided it, when it came from one.</summary>
    public long? PostmortemId { get; private set; }

    /// <summary>Whose board it is on and whose backlog a software fix goes to.</summary>
    public long? TeamId { get; private set; }

    public string Title { get; private set; } = "";

    public string? Description { get; private set; }

    public CountermeasureKind Kind { get; private set; }

    public string? OwnerId { get; private set; }

    public DateOnly? DueOn { get; private set; }

    /// <summary>1 (highest) to 4.</summary>
    public int Priority { get; private set; } = 3;

    public CountermeasureState State { get; private set; }

    /// <summary>The fix shipped but the problem recurred within its watch window.</summary>
    public bool Ineffective { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DoneAt { get; private set; }

    /// <summary>When the fix reached production: the change that shipped it completed there.</summary>
    public DateTimeOffset? ShippedAt { get; private set; }

    /// <summary>The production change that shipped it.</summary>
    public long? ShippedByChangeId { get; private set; }

    public BacklogSystem? BacklogSystem { get; private set; }

    /// <summary>The issue number or work item id in the backlog.</summary>
    public string? BacklogItemId { get; private set; }

    public string? BacklogUrl { get; private set; }

    /// <summary>The tracker's own word for the state ("open", "Active", "Closed").</summary>
    public string? BacklogState { get; private set; }

    public DateTimeOffset? BacklogSyncedAt { get; private set; }

    public string? BacklogError { get; private set; }

    public int Version { get; private set; }

    public bool GoesToBacklog => Kind == CountermeasureKind.SoftwareFix;

    public bool IsOpen => IsOpenIn(State);

    public static bool IsOpenIn(CountermeasureState state) => state switch
    {
        CountermeasureState.Proposed or CountermeasureState.Accepted or CountermeasureState.InProgress => true,
        CountermeasureState.Rejected or CountermeasureState.Done or CountermeasureState.Verified => false,
    };

    /// <summary>
    /// The push-to-backlog rule, once (the handler, the problem page and the postmortem page ask it): a software fix, not
    /// in the backlog yet (it has an item id once pushed), still open. Null when it may be pushed; the team's backlog
    /// connection is asked separately.
    /// </summary>
    public static string? WhyNotToBacklog(CountermeasureKind kind, CountermeasureState state, string? backlogItemId) =>
        kind != CountermeasureKind.SoftwareFix ? $"A {Describe(kind).ToLowerInvariant()} countermeasure is tracked here with its owner, not in the development backlog."
        : backlogItemId is not null ? "It is in the backlog already."
        : !IsOpenIn(state) ? $"A {Describe(state).ToLowerInvariant()} countermeasure needs no backlog item."
        : null;

    public static (Outcome Outcome, Countermeasure? Countermeasure) Propose(string title, CountermeasureKind kind, long? problemId, DateTimeOffset at, long? teamId = null, long? postmortemId = null)
    {
        if (Invalid(title, 3) is { } error)
        {
            return (Outcome.Invalid(error), null);
        }

        return (Outcome.Success, new Countermeasure { Title = title.Trim(), Kind = kind, ProblemId = problemId, TeamId = teamId, PostmortemId = postmortemId, CreatedAt = at });
    }

    /// <summary>What, who, by when, how urgent. The kind is fixed once pushed to a backlog (it decided the route).</summary>
    public Outcome Edit(string title, string? description, CountermeasureKind kind, string? ownerId, DateOnly? dueOn, int priority, long? teamId)
    {
        if (Invalid(title, priority) is { } error)
        {
            return Outcome.Invalid(error);
        }

        if (description?.Length > 4000)
        {
            return Outcome.Invalid("Keep the description within 4,000 characters.");
        }

        if (BacklogItemId is not null && kind != Kind)
        {
            return Outcome.Conflict("It is in the backlog already; its kind can no longer change.");
        }

        Title = title.Trim();
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        Kind = kind;
        OwnerId = string.IsNullOrWhiteSpace(ownerId) ? null : ownerId;
        DueOn = dueOn;
        Priority = priority;
        TeamId = teamId;
        Version++;
        return Outcome.Success;
    }

    /// <summary>Moves along the board.</summary>
    public Outcome MoveTo(CountermeasureState to, DateTimeOffset at)
    {
        if (!CanMove(State, to))
        {
            return Outcome.Conflict($"A countermeasure cannot move from {Describe(State)} to {Describe(to)}.");
        }

        Set(to, at);
        return Outcome.Success;
    }

    /// <summary>
    /// Forward one column at a time, back one while not done, rejected before done; a done one goes back to work (its
    /// backlog item reopened, or the fix proved ineffective).
    /// </summary>
    public static bool CanMove(CountermeasureState from, CountermeasureState to)
    {
        CountermeasureState[] allowed = to switch
        {
            CountermeasureState.Proposed => [CountermeasureState.Accepted, CountermeasureState.Rejected],
            CountermeasureState.Accepted => [CountermeasureState.Proposed, CountermeasureState.InProgress],
            CountermeasureState.InProgress => [CountermeasureState.Accepted, CountermeasureState.Done, CountermeasureState.Verified],
            CountermeasureState.Done => [CountermeasureState.InProgress],
            CountermeasureState.Verified => [CountermeasureState.Done],
            CountermeasureState.Rejected => [CountermeasureState.Proposed, CountermeasureState.Accepted, CountermeasureState.InProgress],
        };
        return allowed.Contains(from);
    }

    /// <summary>Its problem recurred after it was done: back to work, flagged.</summary>
    public void MarkIneffective(DateTimeOffset at)
    {
        Ineffective = true;
        if (State is CountermeasureState.Done or CountermeasureState.Verified)
        {
            Set(CountermeasureState.InProgress, at);
        }

        Version++;
    }

    /// <summary>The problem's watch window passed without a recurrence.</summary>
    public bool Verify(DateTimeOffset at)
    {
        if (State != CountermeasureState.Done)
        {
            return false;
        }

        Set(CountermeasureState.Verified, at);
        return true;
    }

    /// <summary>Created in the backlog: it is accepted work from now on.</summary>
    public void LinkBacklogItem(BacklogSystem system, string itemId, string url, string state, DateTimeOffset at)
    {
        BacklogSystem = system;
        BacklogItemId = itemId;
        BacklogUrl = url;
        BacklogState = state;
        BacklogSyncedAt = at;
        BacklogError = null;
        if (State == CountermeasureState.Proposed)
        {
            Set(CountermeasureState.Accepted, at);
        }

        Version++;
    }

    public void BacklogFailed(string error, DateTimeOffset at)
    {
        BacklogError = error.Length > 500 ? error[..500] : error;
        BacklogSyncedAt = at;
        Version++;
    }

    /// <summary>
    /// The backlog says where the work is; the board follows. A closed item marks it done, a reopened one puts it back
    /// to work, a dropped one rejects it. Returns whether the state changed.
    /// </summary>
    /// <summary>
    /// A completed production change shipped this countermeasure: it is done (if it was not already), and stamped with
    /// when the fix reached production, which is when its problem's watch for a recurrence starts.
    /// </summary>
    public bool Ship(long changeId, DateTimeOffset at)
    {
        if (ShippedAt is not null || State == CountermeasureState.Rejected)
        {
            return false;
        }

        ShippedAt = at;
        ShippedByChangeId = changeId;
        if (State is CountermeasureState.Proposed or CountermeasureState.Accepted or CountermeasureState.InProgress)
        {
            Set(CountermeasureState.Done, at);
        }

        Version++;
        return true;
    }

    public bool FollowBacklog(BacklogItemState item, string label, DateTimeOffset at)
    {
        var before = State;
        BacklogState = label.Length > 100 ? label[..100] : label;
        BacklogSyncedAt = at;
        BacklogError = null;
        CountermeasureState? to = item switch
        {
            BacklogItemState.Done => State is CountermeasureState.Done or CountermeasureState.Verified ? null : CountermeasureState.Done,
            BacklogItemState.Open => State switch
            {
                CountermeasureState.Done or CountermeasureState.Verified => CountermeasureState.InProgress,
                CountermeasureState.Rejected or CountermeasureState.Proposed => CountermeasureState.Accepted,
                CountermeasureState.Accepted or CountermeasureState.InProgress => null,
            },
            BacklogItemState.InProgress => State is CountermeasureState.InProgress ? null : CountermeasureState.InProgress,
            BacklogItemState.Dropped => State is CountermeasureState.Rejected ? null : CountermeasureState.Rejected,
        };
        if (to is { } target)
        {
            Set(target, at);
        }

        Version++;
        return State != before;
    }

    public static string Describe(CountermeasureState state) => state switch
    {
        CountermeasureState.Proposed => "Proposed",
        CountermeasureState.Accepted => "Accepted",
        CountermeasureState.InProgress => "In progress",
        CountermeasureState.Done => "Done",
        CountermeasureState.Verified => "Verified",
        CountermeasureState.Rejected => "Rejected",
    };

    public static string Describe(CountermeasureKind kind) => kind switch
    {
        CountermeasureKind.SoftwareFix => "Software fix",
        CountermeasureKind.ConfigurationHardware => "Configuration / hardware",
        CountermeasureKind.ProcessTraining => "Process / training",
        CountermeasureKind.MonitoringDetection => "Monitoring / detection",
    };

    private void Set(CountermeasureState to, DateTimeOffset at)
    {
        DoneAt = to switch
        {
            CountermeasureState.Done => at,
            CountermeasureState.Verified => DoneAt ?? at,
            CountermeasureState.Proposed or CountermeasureState.Accepted or CountermeasureState.InProgress or CountermeasureState.Rejected => null,
        };
        State = to;
        Version++;
    }

    private static string? Invalid(string title, int priority)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return "Say what should be done.";
        }

        if (title.Trim().Length > 200)
        {
            return "Keep the title within 200 characters.";
        }

        return priority is < 1 or > 4 ? "Priority runs from 1 (highest) to 4." : null;
    }
}
