namespace Incidents.Domain.Incidents;

public enum IncidentStatus
{
    Triggered,
    Acknowledged,
    Mitigated,
    Resolved,
    Closed,
}

public static class IncidentStatuses
{
    /// <summary>The statuses <see cref="IsOpen"/> accepts, as a list queries can translate (<c>Open.Contains(i.Status)</c>).</summary>
    public static IReadOnlyList<IncidentStatus> Open { get; } = Enum.GetValues<IncidentStatus>().Where(s => s.IsOpen()).ToArray();

    /// <summary>Still needs people: not yet resolved.</summary>
    public static bool IsOpen(this IncidentStatus status) => status switch
    {
        IncidentStatus.Triggered or IncidentStatus.Acknowledged or IncidentStatus.Mitigated => true,
        IncidentStatus.Resolved or IncidentStatus.Closed => false,
    };

    /// <summary>Nobody has taken it yet: the acknowledge SLA runs and escalation goes on.</summary>
    public static bool AwaitsAcknowledgement(this IncidentStatus status) => status switch
    {
        IncidentStatus.Triggered => true,
        IncidentStatus.Acknowledged or IncidentStatus.Mitigated or IncidentStatus.Resolved or IncidentStatus.Closed => false,
    };
}
