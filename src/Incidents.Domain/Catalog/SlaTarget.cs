using Incidents.Domain.Incidents;

namespace Incidents.Domain.Catalog;

/// <summary>How fast a service promises to acknowledge and resolve an incident of one severity.</summary>
public sealed record SlaTarget(Severity Severity, TimeSpan AcknowledgeWithin, TimeSpan ResolveWithin)
{
    public static IReadOnlyList<SlaTarget> Defaults { get; } =
    [
        new(Severity.Sev1, TimeSpan.FromMinutes(5), TimeSpan.FromHours(4)),
        new(Severity.Sev2, TimeSpan.FromMinutes(15), TimeSpan.FromHours(8)),
        new(Severity.Sev3, TimeSpan.FromHours(1), TimeSpan.FromDays(3)),
        new(Severity.Sev4, TimeSpan.FromHours(4), TimeSpan.FromDays(10)),
    ];

    public string? Validate() =>
        AcknowledgeWithin <= TimeSpan.Zero || ResolveWithin <= TimeSpan.Zero
            ? $"{Severity.Label()}: targets must be positive."
            : AcknowledgeWithin > ResolveWithin
                ? $"{Severity.Label()}: acknowledging cannot take longer than resolving."
                : null;
}
