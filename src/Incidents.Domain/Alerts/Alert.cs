using Incidents.Domain.Incidents;

namespace Incidents.Domain.Alerts;

public enum AlertAction
{
    Trigger,
    Acknowledge,
    Resolve,
}

public enum AlertStatus
{
    Triggered,
    Acknowledged,
    Resolved,
}

/// <summary>One normalized monitoring event, whatever its source (Alertmanager, Events v2, generic).</summary>
public sealed record AlertEvent(
    AlertAction Action,
    string DedupKey,
    string Summary,
    string Source,
    Severity Severity,
    DateTimeOffset? OccurredAt,
    string? GroupKey,
    IReadOnlyDictionary<string, string> Labels,
    string? DetailsJson = null,
    string? Link = null,
    string? AlertName = null,
    string? LinkText = null);

/// <summary>
/// A signal from monitoring. At most one alert per (service, dedup key) is open at a time: <see cref="OpenKey"/>
/// carries the dedup key while open and is cleared on resolve, and the database keeps it unique per service.
/// Repeated triggers count up instead of opening new alerts.
/// </summary>
public sealed class Alert
{
    private Alert()
    {
    }

    public long Id { get; private set; }

    public long ServiceId { get; private set; }

    public long IntegrationId { get; private set; }

    public string DedupKey { get; private set; } = "";

    public string? OpenKey { get; private set; }

    public string Summary { get; private set; } = "";

    public string Source { get; private set; } = "";

    public Severity Severity { get; private set; }

    public AlertStatus Status { get; private set; }

    public int Count { get; private set; }

    public DateTimeOffset FirstSeenAt { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public long? IncidentId { get; private set; }

    public string? GroupKey { get; private set; }

    public string LabelsJson { get; private set; } = "{}";

    public string? DetailsJson { get; private set; }

    public string? Link { get; private set; }

    /// <summary>The link's own words ("Runbook", "Grafana panel"), as the sender gave them.</summary>
    public string? LinkText { get; private set; }

    public const int MaxLinkTextLength = 255;

    public bool IsOpen => Status != AlertStatus.Resolved;

    public const int MaxDedupKeyLength = 255;
    public const int MaxSummaryLength = 1024;

    /// <summary>A key that fits its column: as sent when short enough, else a stable hash of it.</summary>
    public static string DedupKeyFrom(string key) =>
        key.Length <= MaxDedupKeyLength
            ? key
            : "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// What the alert says, for its row and its incident's title: the sender's summary, else
    /// "&lt;alertname&gt; on &lt;service&gt;", else "Alert from &lt;source&gt;". Never blank.
    /// </summary>
    public static string SummaryOf(AlertEvent e, string serviceName) =>
        !string.IsNullOrWhiteSpace(e.Summary) ? e.Summary.Trim()
        : !string.IsNullOrWhiteSpace(e.AlertName) ? $"{e.AlertName.Trim()} on {serviceName}"
        : $"Alert from {(string.IsNullOrWhiteSpace(e.Source) ? "monitoring" : e.Source.Trim())}";

    public static Alert Fire(long serviceId, long integrationId, AlertEvent e, string labelsJson, DateTimeOffset at) => new()
    {
        ServiceId = serviceId,
        IntegrationId = integrationId,
        DedupKey = e.DedupKey,
        OpenKey = e.DedupKey,
        Summary = Truncate(e.Summary, MaxSummaryLength),
        Source = Truncate(e.Source, 255),
        Severity = e.Severity,
        Status = AlertStatus.Triggered,
        Count = 1,
        FirstSeenAt = at,
        LastSeenAt = at,
        GroupKey = GroupKeyFrom(e.GroupKey),
        LabelsJson = labelsJson,
        DetailsJson = e.DetailsJson,
        Link = e.Link is null ? null : Truncate(e.Link, 1000),
        LinkText = e.Link is null || string.IsNullOrWhiteSpace(e.LinkText) ? null : Truncate(e.LinkText.Trim(), MaxLinkTextLength),
    };

    public const int MaxGroupKeyLength = 500;

    /// <summary>The group key as stored: a sender's key, cut to the column's length.</summary>
    public static string? GroupKeyFrom(string? key) => key is null ? null : Truncate(key, MaxGroupKeyLength);

    /// <summary>The same alert fired again: one more occurrence, not a new alert.</summary>
    public void Repeat(AlertEvent e, DateTimeOffset at) => Repeat(AlertRepeat.Of(e), at);

    /// <summary>Repeats folded in order (<see cref="AlertRepeat"/>): what each would have done, at once.</summary>
    public void Repeat(AlertRepeat repeat, DateTimeOffset at)
    {
        Count += repeat.Times;
        LastSeenAt = at;
        Summary = repeat.Summary ?? Summary;
        Severity = repeat.Severity;
        DetailsJson = repeat.DetailsJson ?? DetailsJson;
    }

    public bool Acknowledge(DateTimeOffset at)
    {
        if (Status != AlertStatus.Triggered)
        {
            return false;
        }

        Status = AlertStatus.Acknowledged;
        AcknowledgedAt = at;
        LastSeenAt = at;
        return true;
    }

    public bool Resolve(DateTimeOffset at)
    {
        if (Status == AlertStatus.Resolved)
        {
            return false;
        }

        Status = AlertStatus.Resolved;
        ResolvedAt = at;
        LastSeenAt = at;
        OpenKey = null;
        return true;
    }

    public void AttachTo(long incidentId) => IncidentId = incidentId;

    /// <summary>Monitoring severities (PagerDuty's and Alertmanager's common vocabulary) as incident severities.</summary>
    public static bool TryParseSeverity(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "critical":
            case "page":
                severity = Severity.Sev1;
                return true;
            case "error":
            case "high":
                severity = Severity.Sev2;
                return true;
            case "warning":
            case "medium":
                severity = Severity.Sev3;
                return true;
            case "info":
            case "low":
                severity = Severity.Sev4;
                return true;
            default:
                severity = Severity.Sev3;
                return false;
        }
    }

    /// <summary>The severity a monitoring label names; warning (SEV3) when it names none we know.</summary>
    public static Severity SeverityOrWarning(string? text) => TryParseSeverity(text, out var severity) ? severity : Severity.Sev3;

    /// <summary>Impact and urgency that give <paramref name="severity"/> in the standard matrix.</summary>
    public static (Impact Impact, Urgency Urgency) TriageFor(Severity severity) => severity switch
    {
        Severity.Sev1 => (Impact.High, Urgency.High),
        Severity.Sev2 => (Impact.High, Urgency.Medium),
        Severity.Sev3 => (Impact.Medium, Urgency.Medium),
        Severity.Sev4 => (Impact.Low, Urgency.Low),
    };

    /// <summary>A summary as stored: cut to <see cref="MaxSummaryLength"/>.</summary>
    public static string SummaryToStore(string summary) => Truncate(summary, MaxSummaryLength);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>
/// What repeats of an open alert change, folded in the order they came: how many there were, the last summary that was
/// not blank (shortened to fit), the last severity and the last details sent. One repeat or many, applied in memory or
/// written by a statement, the alert ends the same.
/// </summary>
public sealed record AlertRepeat(int Times, string? Summary, Severity Severity, string? DetailsJson)
{
    public static AlertRepeat Of(AlertEvent e) =>
        new(1, string.IsNullOrWhiteSpace(e.Summary) ? null : Alert.SummaryToStore(e.Summary), e.Severity, e.DetailsJson);

    public AlertRepeat Then(AlertEvent e)
    {
        var next = Of(e);
        return new(Times + 1, next.Summary ?? Summary, next.Severity, next.DetailsJson ?? DetailsJson);
    }
}
