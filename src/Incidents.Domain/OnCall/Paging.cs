namespace Incidents.Domain.OnCall;

public enum RunStatus
{
    Active,
    Acknowledged,
    Resolved,
    Exhausted,
    Cancelled,
}

/// <summary>
/// One incident walking through one escalation policy. While active, <see cref="ActiveIncidentId"/> carries the
/// incident id; the database keeps it unique, so an incident has at most one active escalation.
/// </summary>
public sealed class EscalationRun
{
    private EscalationRun()
    {
    }

    public EscalationRun(long incidentId, EscalationPolicy policy, string reason, DateTimeOffset at)
    {
        IncidentId = incidentId;
        ActiveIncidentId = incidentId;
        PolicyId = policy.Id;
        PolicyName = policy.Name;
        Reason = reason;
        StartedAt = at;
    }

    public long Id { get; private set; }

    public long IncidentId { get; private set; }

    public long? ActiveIncidentId { get; private set; }

    public long? PolicyId { get; private set; }

    public string PolicyName { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public RunStatus Status { get; private set; }

    public int Level { get; private set; }

    public int Cycle { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public void ReachedStep(EscalationPosition position)
    {
        Level = position.Level;
        Cycle = position.Cycle;
    }

    public bool End(RunStatus status, DateTimeOffset at)
    {
        if (Status != RunStatus.Active || status == RunStatus.Active)
        {
            return false;
        }

        Status = status;
        ActiveIncidentId = null;
        EndedAt = at;
        return true;
    }
}

public enum StepStatus
{
    Pending,
    Done,
    Cancelled,
}

/// <summary>
/// An outbox row: page a policy level at <see cref="DueAt"/>. Claimed by one dispatcher at a time (a lease), done
/// once: (run, level, cycle) is unique in the database.
/// </summary>
public sealed class EscalationStep
{
    private EscalationStep()
    {
    }

    public EscalationStep(long runId, long incidentId, EscalationPosition position, DateTimeOffset dueAt)
    {
        RunId = runId;
        IncidentId = incidentId;
        Level = position.Level;
        Cycle = position.Cycle;
        DueAt = dueAt;
    }

    public long Id { get; private set; }

    public long RunId { get; private set; }

    public long IncidentId { get; private set; }

    public int Level { get; private set; }

    public int Cycle { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public StepStatus Status { get; private set; }

    public string? ClaimedBy { get; private set; }

    public DateTimeOffset? ClaimedUntil { get; private set; }

    public DateTimeOffset? DoneAt { get; private set; }

    public EscalationPosition Position => new(Level, Cycle);

    public void Complete(DateTimeOffset at)
    {
        Status = StepStatus.Done;
        DoneAt = at;
    }

    public void Cancel(DateTimeOffset at)
    {
        if (Status == StepStatus.Pending)
        {
            Status = StepStatus.Cancelled;
            DoneAt = at;
        }
    }

    /// <summary>"Escalate now": a pending step becomes due at once.</summary>
    public void DueNow(DateTimeOffset at)
    {
        if (Status == StepStatus.Pending && DueAt > at)
        {
            DueAt = at;
        }
    }
}

/// <summary>A request that one person respond to one incident (from a policy level or by hand).</summary>
public sealed class Page
{
    private Page()
    {
    }

    public Page(long incidentId, string userId, string userName, EscalationRun? run, EscalationStep? step, string pagedBy, DateTimeOffset at)
    {
        IncidentId = incidentId;
        UserId = userId;
        UserName = userName;
        RunId = run?.Id;
        StepId = step?.Id;
        Level = step?.Level;
        Cycle = step?.Cycle;
        PagedBy = pagedBy;
        CreatedAt = at;
    }

    public long Id { get; private set; }

    public long IncidentId { get; private set; }

    public long? RunId { get; private set; }

    public long? StepId { get; private set; }

    public int? Level { get; private set; }

    public int? Cycle { get; private set; }

    public string UserId { get; private set; } = "";

    public string UserName { get; private set; } = "";

    public string PagedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public List<Delivery> Deliveries { get; private set; } = [];
}

public enum DeliveryStatus
{
    Pending,
    Sending,
    Sent,
    Failed,
    Cancelled,
    /// <summary>The sender died mid-send on an at-most-once channel: it may or may not have arrived, and is not resent.</summary>
    Uncertain,
}

/// <summary>Whether a channel may send twice rather than lose a message, or the other way round.</summary>
public enum DeliveryGuarantee
{
    /// <summary>Resent after a crash mid-send; the receiver sees the same id and can drop the copy.</summary>
    AtLeastOnce,
    /// <summary>Never resent after a crash mid-send (a second phone call at 3 am is worse); the next contact method is tried instead.</summary>
    AtMostOnce,
}

/// <summary>An outbox row: notify one person about one page over one contact method at <see cref="DueAt"/>.</summary>
public sealed class Delivery
{
    public const int MaxAttempts = 3;

    private Delivery()
    {
    }

    public Delivery(long incidentId, string userId, PlannedNotification planned, DateTimeOffset dueAt)
    {
        IncidentId = incidentId;
        UserId = userId;
        Channel = planned.Kind;
        Address = planned.Address;
        ContactMethodId = planned.ContactMethodId;
        DueAt = dueAt;
    }

    public long Id { get; private set; }

    public long PageId { get; private set; }

    public long IncidentId { get; private set; }

    public string UserId { get; private set; } = "";

    public ContactKind Channel { get; private set; }

    public string Address { get; private set; } = "";

    public long? ContactMethodId { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public int Attempt { get; private set; }

    public DeliveryStatus Status { get; private set; }

    public string? ClaimedBy { get; private set; }

    public DateTimeOffset? ClaimedUntil { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public string? LastError { get; private set; }

    public void Sent(DateTimeOffset at)
    {
        Status = DeliveryStatus.Sent;
        SentAt = at;
        LastError = null;
    }

    /// <summary>A failure that may pass: retried with backoff while attempts last; true when it will be retried.</summary>
    public bool FailedTransiently(string error, DateTimeOffset at, TimeSpan? retryAfter)
    {
        LastError = error;
        if (Attempt >= MaxAttempts)
        {
            Status = DeliveryStatus.Failed;
            return false;
        }

        Status = DeliveryStatus.Pending;
        DueAt = at + (retryAfter ?? Backoff(Attempt));
        return true;
    }

    public void FailedForGood(string error)
    {
        Status = DeliveryStatus.Failed;
        LastError = error;
    }

    public void Uncertain()
    {
        Status = DeliveryStatus.Uncertain;
        LastError = "The app stopped while sending; not resent on an at-most-once channel.";
    }

    /// <summary>Claimed, but no longer wanted (the incident was acknowledged or resolved meanwhile).</summary>
    public void Skip()
    {
        Status = DeliveryStatus.Cancelled;
        LastError = "Not sent: the incident no longer needs this page.";
    }

    public bool Cancel()
    {
        if (Status is DeliveryStatus.Pending)
        {
            Status = DeliveryStatus.Cancelled;
            return true;
        }

        return false;
    }

    /// <summary>15 s, then 60 s: long enough for a blip to pass, short enough that a page still matters.</summary>
    public static TimeSpan Backoff(int attempt) => attempt <= 1 ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(60);
}
