using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.IncidentManagement.List;

public sealed record IncidentRow(
    long Id,
    string Title,
    Severity Severity,
    IncidentStatus Status,
    string ServiceName,
    DateTimeOffset TriggeredAt,
    DateTimeOffset? AcknowledgeDueAt,
    DateTimeOffset? ResolveDueAt,
    bool SlaBreached,
    string? CommanderName)
{
    public string Number => Incident.Format(Id);
}

/// <summary>One page of incidents. <see cref="Total"/> is exact up to <see cref="ListIncidents.CountCap"/>, then "more".</summary>
internal sealed record IncidentListPage(IReadOnlyList<IncidentRow> Rows, int Total, bool TotalIsCapped)
{
    /// <summary>Whether <paramref name="other"/> shows exactly this (a live view then skips its render).</summary>
    public bool Shows(IncidentListPage? other) =>
        other is not null && Total == other.Total && TotalIsCapped == other.TotalIsCapped && Rows.SequenceEqual(other.Rows);
}

internal sealed class ListIncidents(IDbContextFactory<IncidentsDbContext> contexts)
{
    /// <summary>Counting a million rows on every page view is the slow part of a list; past this we say "1,000+".</summary>
    public const int CountCap = 1_000;

    public async Task<IncidentListPage> HandleAsync(IncidentQuery query, string? viewerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incidents = Filter(db, query, viewerId);

        var total = await incidents.Take(CountCap + 1).CountAsync(cancellationToken);
        var ordered = query.Sort switch
        {
            IncidentSort.Newest => incidents.OrderByDescending(i => i.TriggeredAt).ThenByDescending(i => i.Id),
            IncidentSort.Oldest => incidents.OrderBy(i => i.TriggeredAt).ThenBy(i => i.Id),
            IncidentSort.Severity => incidents.OrderBy(i => i.Severity).ThenByDescending(i => i.TriggeredAt).ThenByDescending(i => i.Id),
        };

        var rows = await ordered
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(i => new IncidentRow(
                i.Id,
                i.Title,
                i.Severity,
                i.Status,
                db.Services.Where(s => s.Id == i.ServiceId).Select(s => s.Name).First(),
                i.TriggeredAt,
                i.AcknowledgeDueAt,
                i.ResolveDueAt,
                i.AcknowledgeBreachedAt != null || i.ResolveBreachedAt != null,
                db.Users.Where(u => u.Id == i.CommanderId).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(cancellationToken);

        return new IncidentListPage(rows, Math.Min(total, CountCap), total > CountCap);
    }

    private static IQueryable<Incident> Filter(IncidentsDbContext db, IncidentQuery query, string? viewerId)
    {
        var incidents = db.Incidents.AsNoTracking();
        incidents = query.Status switch
        {
            StatusFilter.Open => incidents.Where(i => IncidentStatuses.Open.Contains(i.Status)),
            StatusFilter.All => incidents,
            StatusFilter.Triggered => incidents.Where(i => i.Status == IncidentStatus.Triggered),
            StatusFilter.Acknowledged => incidents.Where(i => i.Status == IncidentStatus.Acknowledged),
            StatusFilter.Mitigated => incidents.Where(i => i.Status == IncidentStatus.Mitigated),
            StatusFilter.Resolved => incidents.Where(i => i.Status == IncidentStatus.Resolved),
            StatusFilter.Closed => incidents.Where(i => i.Status == IncidentStatus.Closed),
        };

        if (query.Severity is { } severity)
        {
            incidents = incidents.Where(i => i.Severity == severity);
        }

        if (!string.IsNullOrWhiteSpace(query.Service))
        {
            var serviceIds = db.Services.Where(s => s.Slug == query.Service).Select(s => s.Id);
            incidents = incidents.Where(i => serviceIds.Contains(i.ServiceId));
        }

        if (query.TeamId is { } teamId)
        {
            var serviceIds = db.Services.Where(s => s.TeamId == teamId).Select(s => s.Id);
            incidents = incidents.Where(i => serviceIds.Contains(i.ServiceId));
        }

        if (query.From is { } from)
        {
            incidents = incidents.Where(i => i.TriggeredAt >= from);
        }

        if (query.Until is { } until)
        {
            incidents = incidents.Where(i => i.TriggeredAt < until);
        }

        if (query.FromAlerts)
        {
            incidents = incidents.Where(i => i.Fingerprint != null);
        }

        incidents = query.Answer switch
        {
            AnswerFilter.Acknowledged => incidents.Where(i => i.FirstAcknowledgedAt != null),
            AnswerFilter.SelfResolved => incidents.Where(i => i.FirstAcknowledgedAt == null && i.ResolvedAt != null),
            AnswerFilter.Unacknowledged => incidents.Where(i => i.FirstAcknowledgedAt == null && i.ResolvedAt == null),
            _ => incidents,
        };

        if (query.Mine && viewerId is not null)
        {
            incidents = incidents.Where(i => i.CommanderId == viewerId || i.ReporterId == viewerId
                || i.Responders.Any(r => r.UserId == viewerId));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            // "INC-123" or "123" finds that incident by key; words search titles (a scan, bounded by the page size).
            incidents = Incident.TryParseNumber(text, out var number)
                ? incidents.Where(i => i.Id == number)
                : incidents.Where(i => EF.Functions.Like(i.Title, ContainsPattern(text), LikeEscape));
        }

        return incidents;
    }

    private const string LikeEscape = "\\";

    /// <summary>
    /// A LIKE pattern that finds <paramref name="text"/> anywhere, its own <c>%</c>, <c>_</c>, <c>[</c> (a wildcard on SQL Server) and <c>\</c> taken literally.
    /// LIKE ignores case on both providers (SQLite for ASCII letters, SQL Server by its default collation), where
    /// <c>Contains</c> became SQLite's case-sensitive <c>instr</c>.
    /// </summary>
    internal static string ContainsPattern(string text) =>
        "%" + text.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal)
            .Replace("[", LikeEscape + "[", StringComparison.Ordinal) + "%";
}
