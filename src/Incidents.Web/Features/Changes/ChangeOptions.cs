namespace Incidents.Web.Features.Changes;

/// <summary>The change process's settings (<c>Changes:*</c>).</summary>
public sealed class ChangeOptions
{
    public const string Section = "Changes";

    /// <summary>The share of production changes that should go through the process (0.97: emergencies happen).</summary>
    public decimal ComplianceGoal { get; set; } = Domain.Changes.ChangeCompliance.DefaultGoal;

    /// <summary>Business days an emergency change (or a bypass) has to get its two approvals after the fact.</summary>
    public int EmergencyApprovalDays { get; set; } = 2;

    /// <summary>How long before an incident a change to its service is a suspect.</summary>
    public int SuspectWindowHours { get; set; } = 24;

    /// <summary>How far outside its planned window (or after it started) a deployment still counts as an approved change's.</summary>
    public int MatchWindowMinutes { get; set; } = 120;

    /// <summary>How long a changed production fingerprint waits for a change to explain it before it is an unauthorized change.</summary>
    public int DriftWindowHours { get; set; } = 24;

    /// <summary>GitHub <c>deployment_status</c> webhooks: the secret they are signed with (X-Hub-Signature-256); unset, the hook answers 404.</summary>
    public string? GitHubWebhookSecret { get; set; }

    /// <summary>Azure DevOps service hooks: the secret sent as the Basic password or the X-Incidents-Secret header; unset, the hook answers 404.</summary>
    public string? AzureDevOpsSecret { get; set; }

    /// <summary>The Azure DevOps stage (YAML) or release environment (classic) that is production; a hook URL's <c>?stage=</c> overrides it.</summary>
    public string AzureDevOpsProductionStage { get; set; } = "production";

    /// <summary>While an approved change of a service is in progress, its alerts page only at this severity or worse (maintenance).</summary>
    public Domain.Incidents.Severity MaintenancePagesAtOrAbove { get; set; } = Domain.Incidents.Severity.Sev1;

    public TimeSpan DriftWindow => TimeSpan.FromHours(DriftWindowHours);

    public TimeSpan SuspectWindow => TimeSpan.FromHours(SuspectWindowHours);
}
