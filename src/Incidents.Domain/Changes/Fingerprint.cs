namespace Incidents.Domain.Changes;

public enum DriftStatus
{
    /// <summary>Seen; a change may still arrive to explain it (a pipeline's webhook can come after the files changed).</summary>
    Pending,
    /// <summary>A recorded production change explains it.</summary>
    Explained,
    /// <summary>Nothing explained it within the window: recorded as a detected, unauthorized change.</summary>
    Unauthorized,
}

/// <summary>
/// What a service's production looked like at the last check-in (a version, an image digest, a hash of the deployed
/// files), reported by a script from cron or a pipeline. One row per service and environment.
/// </summary>
public sealed class ProductionFingerprint
{
    public const int MaxValueLength = 200;

    private ProductionFingerprint()
    {
    }

    public long Id { get; private set; }

    public long ServiceId { get; private set; }

    public string Environment { get; private set; } = Change.Production;

    public string Value { get; private set; } = "";

    public DateTimeOffset FirstSeenAt { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    public int Version { get; private set; }

    public static string? Validate(string? value, string? environment)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > MaxValueLength || value.Any(char.IsControl))
        {
            return $"Send the fingerprint: a version, an image digest or a hash, 1 to {MaxValueLength} printable characters.";
        }

        return environment is not null && (string.IsNullOrWhiteSpace(environment) || environment.Trim().Length > 50)
            ? "Name the environment in at most 50 characters, or leave it out for production."
            : null;
    }

    /// <summary>The first check-in of a service: the baseline, never a drift.</summary>
    public static ProductionFingerprint Baseline(long serviceId, string environment, string value, DateTimeOffset at) => new()
    {
        ServiceId = serviceId,
        Environment = Normalize(environment),
        Value = value.Trim(),
        FirstSeenAt = at,
        LastSeenAt = at,
    };

    /// <summary>A check-in: the same fingerprint is only seen again; a different one is a drift to explain.</summary>
    public FingerprintDrift? CheckIn(string value, DateTimeOffset at)
    {
        value = value.Trim();
        Version++;
        if (string.Equals(value, Value, StringComparison.Ordinal))
        {
            LastSeenAt = at;
            return null;
        }

        var drift = FingerprintDrift.Between(ServiceId, Environment, Value, value, LastSeenAt, at);
        Value = value;
        FirstSeenAt = at;
        LastSeenAt = at;
        return drift;
    }

    public static string Normalize(string? environment) =>
        string.IsNullOrWhiteSpace(environment) ? Change.Production : environment.Trim().ToLowerInvariant();
}

/// <summary>
/// Production changed between two check-ins. A change explains it when it is a production change of the service that
/// ended after the old fingerprint was last seen and no later than the window after the new one was first seen.
/// Left unexplained past the window, it is an unauthorized change ("detected"): the nightly <c>dir /s</c> and compare.
/// </summary>
public sealed class FingerprintDrift
{
    private FingerprintDrift()
    {
    }

    public long Id { get; private set; }

    public long ServiceId { get; private set; }

    public string Environment { get; private set; } = Change.Production;

    public string From { get; private set; } = "";

    public string To { get; private set; } = "";

    /// <summary>When the old fingerprint was last seen: the change happened after this.</summary>
    public DateTimeOffset PreviousSeenAt { get; private set; }

    public DateTimeOffset ObservedAt { get; private set; }

    public DriftStatus Status { get; private set; }

    /// <summary>The change that explains it, or the detected change recorded for it.</summary>
    public long? ChangeId { get; private set; }

    public DateTimeOffset? SettledAt { get; private set; }

    internal static FingerprintDrift Between(long serviceId, string environment, string from, string to, DateTimeOffset previousSeenAt, DateTimeOffset observedAt) => new()
    {
        ServiceId = serviceId,
        Environment = environment,
        From = from,
        To = to,
        PreviousSeenAt = previousSeenAt,
        ObservedAt = observedAt,
        Status = DriftStatus.Pending,
    };

    /// <summary>The latest moment a change may end and still explain this drift.</summary>
    public DateTimeOffset ExplainableUntil(TimeSpan window) => ObservedAt + window;

    /// <summary>Whether a recorded change explains the drift: same service and environment, ended between the two sightings (plus the window).</summary>
    public bool IsExplainedBy(Change change, TimeSpan window) =>
        change.ServiceId == ServiceId
        && string.Equals(change.Environment, Environment, StringComparison.OrdinalIgnoreCase)
        && change.Status is ChangeStatus.Completed or ChangeStatus.RolledBack
        && change.EndedAt is { } ended && ended >= PreviousSeenAt && ended <= ExplainableUntil(window);

    /// <summary>Whether the window has passed with nothing explaining it.</summary>
    public bool IsOverdue(DateTimeOffset now, TimeSpan window) => Status == DriftStatus.Pending && now > ExplainableUntil(window);

    public void ExplainBy(long changeId, DateTimeOffset at) => Settle(DriftStatus.Explained, changeId, at);

    public void RecordAsUnauthorized(long changeId, DateTimeOffset at) => Settle(DriftStatus.Unauthorized, changeId, at);

    /// <summary>A drift is settled once: explained by a change, or recorded as one.</summary>
    private void Settle(DriftStatus status, long changeId, DateTimeOffset at)
    {
        if (Status != DriftStatus.Pending)
        {
            return;
        }

        Status = status;
        ChangeId = changeId;
        SettledAt = at;
    }

    public static string Abbreviate(string fingerprint) => fingerprint.Length <= 19 ? fingerprint : $"{fingerprint[..8]}…{fingerprint[^8..]}";
}
