namespace Incidents.Domain.Incidents;

/// <summary>"Related to": stored once in each direction so either incident lists the other.</summary>
public sealed class IncidentLink
{
    private IncidentLink()
    {
    }

    public IncidentLink(long incidentId, long relatedIncidentId)
    {
        IncidentId = incidentId;
        RelatedIncidentId = relatedIncidentId;
    }

    public long IncidentId { get; private set; }

    public long RelatedIncidentId { get; private set; }
}
