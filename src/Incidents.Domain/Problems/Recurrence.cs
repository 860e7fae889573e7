namespace Incidents.Domain.Problems;

/// <summary>An incident as recurrence detection sees it.</summary>
public sealed record FingerprintedIncident(long Id, string Fingerprint, DateTimeOffset TriggeredAt);

/// <summary>A fingerprint seen often enough to suggest a problem.</summary>
public sealed record CandidateProblem(string Fingerprint, int Count, DateTimeOffset First, DateTimeOffset Last, IReadOnlyList<long> IncidentIds);

public static class Recurrence
{
    public const int Threshold = 3;
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <summary>
    /// What recurring incidents share: the service and the alert's name (Alertmanager's <c>alertname</c>, which stays the
    /// same across pods and instances), else the dedup key the sender chose, else nothing. Keys are capped so the
    /// fingerprint fits its indexed column.
    /// </summary>
    public static string? Fingerprint(long serviceId, string? alertName, string? dedupKey) =>
        (string.IsNullOrWhiteSpace(alertName) ? dedupKey : alertName) is { Length: > 0 } key
            ? $"{serviceId}|{(key.Length > 255 ? key[..255] : key)}"
            : null;

    /// <summary>Fingerprints with at least <see cref="Threshold"/> incidents in the <see cref="Window"/> before now, most frequent first.</summary>
    public static IReadOnlyList<CandidateProblem> Candidates(IEnumerable<FingerprintedIncident> incidents, DateTimeOffset now) =>
        incidents.Where(i => i.TriggeredAt > now - Window && i.TriggeredAt <= now)
            .GroupBy(i => i.Fingerprint)
            .Where(g => g.Count() >= Threshold)
            .Select(g => new CandidateProblem(g.Key, g.Count(), g.Min(i => i.TriggeredAt), g.Max(i => i.TriggeredAt), g.OrderBy(i => i.TriggeredAt).Select(i => i.Id).ToList()))
            .OrderByDescending(c => c.Count).ThenByDescending(c => c.Last)
            .ToList();
}
