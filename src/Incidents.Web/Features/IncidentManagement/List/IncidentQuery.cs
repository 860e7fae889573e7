using System.Globalization;
using Incidents.Domain.Incidents;
using Microsoft.AspNetCore.WebUtilities;

namespace Incidents.Web.Features.IncidentManagement.List;

public enum StatusFilter
{
    Open,
    All,
    Triggered,
    Acknowledged,
    Mitigated,
    Resolved,
    Closed,
}

public enum IncidentSort
{
    Newest,
    Oldest,
    Severity,
}

/// <summary>Whether anybody answered an incident: acknowledged it, or not (and it ended by itself, or is still open).</summary>
public enum AnswerFilter
{
    Acknowledged,
    SelfResolved,
    Unacknowledged,
}

/// <summary>A view of the incident list. It round-trips through the URL so a link reproduces the view.</summary>
public sealed record IncidentQuery
{
    public const int DefaultPageSize = 25;

    public StatusFilter Status { get; init; } = StatusFilter.Open;

    public Severity? Severity { get; init; }

    public string? Service { get; init; }

    public long? TeamId { get; init; }

    public bool Mine { get; init; }

    public string? Search { get; init; }

    /// <summary>Triggered at or after (a report's bar or figure links here with its period).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Triggered before.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only incidents an alert opened (they carry its fingerprint): the alert noise report links here.</summary>
    public bool FromAlerts { get; init; }

    /// <summary>Acknowledged, self-resolved (resolved with nobody acknowledging) or not acknowledged yet.</summary>
    public AnswerFilter? Answer { get; init; }

    public IncidentSort Sort { get; init; } = IncidentSort.Newest;

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;

    public static IncidentQuery Parse(string? queryString)
    {
        var q = QueryHelpers.ParseQuery(queryString);
        string? Get(string key) => q.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;

        return new IncidentQuery
        {
            Status = Enum.TryParse<StatusFilter>(Get("status"), true, out var s) && Enum.IsDefined(s) ? s : StatusFilter.Open,
            Severity = SeverityNames.TryParse(Get("severity"), out var sev) ? sev : null,
            Service = Get("service"),
            TeamId = long.TryParse(Get("team"), NumberStyles.None, CultureInfo.InvariantCulture, out var team) ? team : null,
            Mine = Get("mine") == "true",
            Search = Get("q"),
            From = Instant(Get("from")),
            Until = Instant(Get("until")),
            FromAlerts = Get("source") == "alert",
            Answer = Get("answer") switch
            {
                "acknowledged" => AnswerFilter.Acknowledged,
                "self-resolved" => AnswerFilter.SelfResolved,
                "unacknowledged" => AnswerFilter.Unacknowledged,
                _ => null,
            },
            Sort = Enum.TryParse<IncidentSort>(Get("sort"), true, out var sort) && Enum.IsDefined(sort) ? sort : IncidentSort.Newest,
            Page = int.TryParse(Get("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is > 0 and < 100_000 ? page : 1,
            PageSize = int.TryParse(Get("size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 10 and <= 100 ? size : DefaultPageSize,
        };
    }

    /// <summary>An ISO 8601 instant (UTC), or null for anything else.</summary>
    private static DateTimeOffset? Instant(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            && at.Year is > 1999 and < 3000 ? at : null;

    /// <summary>Only what differs from the default view, so links stay short.</summary>
    public string ToQueryString()
    {
        var parts = new Dictionary<string, string?>();
        if (Status != StatusFilter.Open)
        {
            parts["status"] = Status.ToString().ToLowerInvariant();
        }

        if (Severity is { } severity)
        {
            parts["severity"] = severity.Label().ToLowerInvariant();
        }

        parts["service"] = Service;
        parts["team"] = TeamId?.ToString(CultureInfo.InvariantCulture);
        parts["mine"] = Mine ? "true" : null;
        parts["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();
        parts["from"] = From?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        parts["until"] = Until?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        parts["source"] = FromAlerts ? "alert" : null;
        parts["answer"] = Answer switch
        {
            AnswerFilter.Acknowledged => "acknowledged",
            AnswerFilter.SelfResolved => "self-resolved",
            AnswerFilter.Unacknowledged => "unacknowledged",
            null => null,
        };
        parts["sort"] = Sort == IncidentSort.Newest ? null : Sort.ToString().ToLowerInvariant();
        parts["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture);
        parts["size"] = PageSize == DefaultPageSize ? null : PageSize.ToString(CultureInfo.InvariantCulture);
        var present = parts.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);
        return present.Count == 0 ? "" : QueryHelpers.AddQueryString("", present);
    }
}
