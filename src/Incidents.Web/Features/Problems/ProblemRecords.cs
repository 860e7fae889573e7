using Incidents.Domain;

namespace Incidents.Web.Features.Problems;

/// <summary>An incident caused by a problem. An incident has at most one problem.</summary>
public sealed class ProblemIncident
{
    private ProblemIncident()
    {
    }

    public ProblemIncident(long problemId, long incidentId, Actor by, DateTimeOffset at)
    {
        ProblemId = problemId;
        IncidentId = incidentId;
        LinkedByName = by.Name;
        LinkedAt = at;
    }

    public long Id { get; private set; }

    public long ProblemId { get; private set; }

    public long IncidentId { get; private set; }

    public string LinkedByName { get; private set; } = "";

    public DateTimeOffset LinkedAt { get; private set; }
}

public enum ProblemEventKind
{
    Opened,
    StatusChanged,
    AnalysisRecorded,
    IncidentLinked,
    IncidentUnlinked,
    CountermeasureAdded,
    CountermeasureMoved,
    BacklogItemCreated,
    BacklogStateChanged,
    FixShipped,
    Recurred,
    Verified,
    OwnerChanged,
}

/// <summary>One line of a problem's history: who did what, when.</summary>
public sealed class ProblemEvent
{
    private ProblemEvent()
    {
    }

    public ProblemEvent(long problemId, ProblemEventKind kind, Actor by, DateTimeOffset at, string text)
    {
        ProblemId = problemId;
        Kind = kind;
        ActorId = by.Id;
        ActorName = by.Name;
        At = at;
        Text = text.Length > 2000 ? text[..2000] : text;
    }

    public long Id { get; private set; }

    public long ProblemId { get; private set; }

    public ProblemEventKind Kind { get; private set; }

    public string? ActorId { get; private set; }

    public string ActorName { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public string Text { get; private set; } = "";
}
