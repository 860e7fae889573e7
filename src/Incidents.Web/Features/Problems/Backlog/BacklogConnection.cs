using Incidents.Domain.Catalog;
using Incidents.Domain.Problems;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Problems.Backlog;

/// <summary>
/// A team's development backlog: a GitHub repository or an Azure DevOps project. The access token and the webhook
/// secret are stored protected by ASP.NET Core Data Protection; the webhook address carries a random id, not the team.
/// </summary>
public sealed class BacklogConnection
{
    private BacklogConnection()
    {
    }

    public BacklogConnection(long teamId, BacklogSystem system, string hookId)
    {
        TeamId = teamId;
        System = system;
        HookId = hookId;
    }

    public long Id { get; private set; }

    public long TeamId { get; private set; }

    public BacklogSystem System { get; set; }

    /// <summary>GitHub: the API root (https://api.github.com, or GitHub Enterprise's /api/v3). Azure DevOps: the organization (https://dev.azure.com/org).</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>GitHub: owner/repository. Azure DevOps: the project.</summary>
    public string Project { get; set; } = "";

    /// <summary>Azure DevOps: the work item type to create (Bug, Task, Product Backlog Item, Issue).</summary>
    public string? WorkItemType { get; set; }

    /// <summary>GitHub labels or Azure DevOps tags put on every item, comma-separated.</summary>
    public string? Labels { get; set; }

    public string ProtectedToken { get; set; } = "";

    public string ProtectedWebhookSecret { get; set; } = "";

    /// <summary>The public id in the webhook address (/api/backlog/hooks/{HookId}).</summary>
    public string HookId { get; private set; } = "";

    public DateTimeOffset? LastReconciledAt { get; set; }

    public string? LastError { get; set; }

    public int Version { get; set; }

    public IReadOnlyList<string> LabelList => LabelListOf(Labels);

    public static IReadOnlyList<string> LabelListOf(string? labels) =>
        (labels ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public static string? Validate(BacklogSystem system, string baseUrl, string project, string? workItemType)
    {
        if (!Uri.TryCreate(baseUrl?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return system switch
            {
                BacklogSystem.GitHub => "Give the GitHub API address, e.g. https://api.github.com.",
                BacklogSystem.AzureDevOps => "Give the organization address, e.g. https://dev.azure.com/contoso.",
            };
        }

        return system switch
        {
            BacklogSystem.GitHub when project?.Trim().Split('/') is not [{ Length: > 0 }, { Length: > 0 }] => "Name the repository as owner/name.",
            BacklogSystem.AzureDevOps when string.IsNullOrWhiteSpace(project) => "Name the Azure DevOps project.",
            BacklogSystem.AzureDevOps when string.IsNullOrWhiteSpace(workItemType) => "Name the work item type to create (Bug, Task, Issue…).",
            BacklogSystem.GitHub or BacklogSystem.AzureDevOps => null,
        };
    }
}

internal sealed class BacklogConnectionConfiguration : IEntityTypeConfiguration<BacklogConnection>
{
    public void Configure(EntityTypeBuilder<BacklogConnection> builder)
    {
        builder.Ignore(c => c.LabelList);
        builder.Property(c => c.System).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.BaseUrl).HasMaxLength(500);
        builder.Property(c => c.Project).HasMaxLength(200);
        builder.Property(c => c.WorkItemType).HasMaxLength(100);
        builder.Property(c => c.Labels).HasMaxLength(500);
        builder.Property(c => c.ProtectedToken).HasMaxLength(4000);
        builder.Property(c => c.ProtectedWebhookSecret).HasMaxLength(4000);
        builder.Property(c => c.HookId).HasMaxLength(64);
        builder.Property(c => c.LastError).HasMaxLength(500);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.TeamId).IsUnique();
        builder.HasIndex(c => c.HookId).IsUnique();
    }
}
