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
    /// <summary>Still needs people: not yet resolved.</summary>
    public static bool IsOpen(this IncidentStatus status) => status switch
    {
        IncidentStatus.Triggered or IncidentStatus.Acknowledged or IncidentStatus.Mitigated => true,
        IncidentStatus.Resolved or IncidentStatus.Closed => false,
    };
}
