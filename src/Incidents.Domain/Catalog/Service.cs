using System.Text.RegularExpressions;
using Incidents.Domain.Incidents;

namespace Incidents.Domain.Catalog;

public enum ServiceTier
{
    Tier1,
    Tier2,
    Tier3,
}

/// <summary>Something running in production, owned by a team, with SLA targets per severity.</summary>
public sealed partial class Service
{
    // Empty for EF, which adds the stored targets to this list; a new service starts with the defaults.
    private List<SlaTarget> slaTargets = [];

    private Service()
    {
    }

    public Service(string name, string slug, long teamId, ServiceTier tier, decimal availabilityTarget)
    {
        Name = name.Trim();
        Slug = slug;
        TeamId = teamId;
        Tier = tier;
        AvailabilityTarget = availabilityTarget;
        slaTargets = [.. SlaTarget.Defaults];
    }

    public long Id { get; private set; }

    public string Name { get; set; } = "";

    public string Slug { get; set; } = "";

    public long TeamId { get; set; }

    public ServiceTier Tier { get; set; }

    /// <summary>Percent, e.g. 99.95.</summary>
    public decimal AvailabilityTarget { get; set; }

    public string? RunbookUrl { get; set; }

    /// <summary>Postmortems are required at this severity or worse; null: the installation's default.</summary>
    public Severity? PostmortemAtOrAbove { get; set; }

    /// <summary>No postmortems required for this service at all (a sandbox, an internal tool).</summary>
    public bool PostmortemOptOut { get; set; }

    /// <summary>Filled in by the on-call feature.</summary>
    public long? EscalationPolicyId { get; set; }

    /// <summary>The repository whose production deployments are this service's changes (GitHub: <c>owner/name</c>).</summary>
    public string? DeploymentRepository { get; set; }

    /// <summary>
    /// The deployment environment of <see cref="DeploymentRepository"/> that is this service's production (GitHub's
    /// <c>deployment.environment</c>, lower case), when one repository deploys several services; null: any environment
    /// of the repository not claimed by another service, production when GitHub says so.
    /// </summary>
    public string? DeploymentEnvironment { get; set; }

    public IReadOnlyList<SlaTarget> SlaTargets => slaTargets;

    public SlaTarget SlaFor(Severity severity) =>
        slaTargets.FirstOrDefault(t => t.Severity == severity) ?? SlaTarget.Defaults.Single(t => t.Severity == severity);

    public void SetSlaTargets(IEnumerable<SlaTarget> targets) =>
        slaTargets = targets.OrderBy(t => t.Severity).ToList();

    /// <summary>Why the service's fields are not acceptable, or null.</summary>
    public static string? Validate(string name, string slug, decimal availabilityTarget, string? runbookUrl, IEnumerable<SlaTarget> targets)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Enter the service's name.";
        }

        if (!SlugPattern().IsMatch(slug))
        {
            return "The slug takes lower-case letters, digits and hyphens (e.g. checkout-api).";
        }

        if (availabilityTarget is <= 0 or > 100)
        {
            return "The availability target is a percentage above 0 and at most 100.";
        }

        if (!string.IsNullOrWhiteSpace(runbookUrl)
            && (!Uri.TryCreate(runbookUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            return "The runbook link must be an http(s) URL.";
        }

        var list = targets.ToList();
        if (list.Select(t => t.Severity).Distinct().Count() != list.Count)
        {
            return "Give each severity one SLA target.";
        }

        return list.Select(t => t.Validate()).FirstOrDefault(e => e is not null);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
