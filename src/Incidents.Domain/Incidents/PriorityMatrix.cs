namespace Incidents.Domain.Incidents;

/// <summary>
/// ITIL priority from impact × urgency, shown as a severity. The default is the common 3×3 matrix
/// (P1 → SEV1, P2 → SEV2, P3 → SEV3, P4 and P5 → SEV4); an installation may configure every cell.
/// </summary>
public sealed class PriorityMatrix
{
    private readonly Dictionary<(Impact, Urgency), Severity> cells;

    private PriorityMatrix(Dictionary<(Impact, Urgency), Severity> cells) => this.cells = cells;

    public static PriorityMatrix Default { get; } = new(new Dictionary<(Impact, Urgency), Severity>
    {
        [(Impact.High, Urgency.High)] = Severity.Sev1,
        [(Impact.High, Urgency.Medium)] = Severity.Sev2,
        [(Impact.High, Urgency.Low)] = Severity.Sev3,
        [(Impact.Medium, Urgency.High)] = Severity.Sev2,
        [(Impact.Medium, Urgency.Medium)] = Severity.Sev3,
        [(Impact.Medium, Urgency.Low)] = Severity.Sev4,
        [(Impact.Low, Urgency.High)] = Severity.Sev3,
        [(Impact.Low, Urgency.Medium)] = Severity.Sev4,
        [(Impact.Low, Urgency.Low)] = Severity.Sev4,
    });

    /// <summary>A configured matrix; every one of the nine cells must be given.</summary>
    public static PriorityMatrix From(IReadOnlyDictionary<(Impact Impact, Urgency Urgency), Severity> configured)
    {
        var missing = Enum.GetValues<Impact>()
            .SelectMany(i => Enum.GetValues<Urgency>().Select(u => (i, u)))
            .Where(cell => !configured.ContainsKey(cell))
            .ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException("The priority matrix lacks " + string.Join(", ", missing.Select(m => $"{m.i}×{m.u}")));
        }

        return new PriorityMatrix(configured.ToDictionary(kv => (kv.Key.Impact, kv.Key.Urgency), kv => kv.Value));
    }

    public Severity For(Impact impact, Urgency urgency) => cells[(impact, urgency)];
}
