using Incidents.Domain.Incidents;

namespace Incidents.Web.Features.IncidentManagement;

/// <summary>
/// Configuration <c>Incidents:PriorityMatrix</c>: nine cells like <c>"High:Medium": "Sev2"</c> (impact:urgency).
/// Without it the standard ITIL matrix applies.
/// </summary>
internal sealed class IncidentOptions
{
    public const string Section = "Incidents";

    public Dictionary<string, Severity> PriorityMatrix { get; set; } = [];

    /// <summary>Incidents logged by hand at this severity or worse page the service's on-call (alerts always page).</summary>
    public Severity PageAtOrAbove { get; set; } = Severity.Sev2;

    public PriorityMatrix Matrix()
    {
        if (PriorityMatrix.Count == 0)
        {
            return Domain.Incidents.PriorityMatrix.Default;
        }

        var cells = new Dictionary<(Impact, Urgency), Severity>();
        foreach (var (key, severity) in PriorityMatrix)
        {
            var parts = key.Split(':');
            if (parts.Length != 2 || !Enum.TryParse<Impact>(parts[0], true, out var impact) || !Enum.TryParse<Urgency>(parts[1], true, out var urgency))
            {
                throw new InvalidOperationException($"Incidents:PriorityMatrix key '{key}' is not 'Impact:Urgency'.");
            }

            cells[(impact, urgency)] = severity;
        }

        return Domain.Incidents.PriorityMatrix.From(cells);
    }
}
