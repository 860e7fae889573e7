namespace Incidents.Domain.Incidents;

public enum TimelineKind
{
    Opened,
    Acknowledged,
    Mitigated,
    Resolved,
    Closed,
    Reopened,
    Note,
    StatusUpdate,
    SeverityChanged,
    CommanderAssigned,
    ResponderAdded,
    ResponderRemoved,
    Linked,
    Unlinked,
    MarkedDuplicate,
    SlaBreached,
    Edited,
    AlertFired,
    AlertResolved,
    Paged,
    Notified,
    Escalated,
    EscalationStopped,
    ProblemLinked,
    ProblemUnlinked,
    KnownError,
    Recurred,
    PostmortemOpened,
    ChangeLinked,
}

/// <summary>One line of an incident's history: what happened, who did it and when. Notes are Markdown.</summary>
public sealed class TimelineEntry
{
    private TimelineEntry()
    {
    }

    public TimelineEntry(TimelineKind kind, Actor actor, DateTimeOffset at, string text, long? alertId = null)
    {
        AlertId = alertId;
        Kind = kind;
        ActorId = actor.Id;
        ActorName = actor.Name;
        At = at;
        Text = text;
    }

    public long Id { get; private set; }

    public long IncidentId { get; private set; }

    /// <summary>An entry written without loading the incident (paging runs beside the incident's own changes).</summary>
    public static TimelineEntry For(long incidentId, TimelineKind kind, Actor actor, DateTimeOffset at, string text) =>
        new(kind, actor, at, text) { IncidentId = incidentId };

    public DateTimeOffset At { get; private set; }

    public string? ActorId { get; private set; }

    public string ActorName { get; private set; } = "";

    public TimelineKind Kind { get; private set; }

    public string Text { get; private set; } = "";

    /// <summary>For alert entries: the alert, whose count and last-seen time the timeline shows (one entry, not one per repeat).</summary>
    public long? AlertId { get; private set; }
}
