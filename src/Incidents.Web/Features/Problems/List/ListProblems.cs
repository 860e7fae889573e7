using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Problems.List;

internal sealed record ProblemFilter(
    IReadOnlyCollection<ProblemStatus>? Statuses = null,
    long? ServiceId = null,
    long? TeamId = null,
    RootCauseCategory? Category = null,
    string? Text = null,
    bool KnownErrorsOnly = false);

internal sealed record ProblemRow(
    long Id,
    string Title,
    ProblemStatus Status,
    long ServiceId,
    string ServiceName,
    string? TeamName,
    RootCauseCategory? Category,
    bool HasWorkaround,
    int Incidents,
    int OpenCountermeasures,
    int Countermeasures,
    bool Ineffective,
    string? OwnerName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? WatchUntil)
{
    public string Number => Problem.Format(Id);
}

/// <summary>The problems list with its filters: status, service, team, root-cause category, known errors, text.</summary>
internal sealed class ListProblems(IDbContextFactory<IncidentsDbContext> contexts)
{
    public async Task<IReadOnlyList<ProblemRow>> HandleAsync(ProblemFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Problems.AsNoTracking();
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            query = query.Where(p => statuses.Contains(p.Status));
        }

        if (filter.ServiceId is { } service)
        {
            query = query.Where(p => p.ServiceId == service);
        }

        if (filter.TeamId is { } team)
        {
            query = query.Where(p => db.Services.Any(s => s.Id == p.ServiceId && s.TeamId == team));
        }

        if (filter.Category is { } category)
        {
            query = query.Where(p => p.Category == category);
        }

        if (filter.KnownErrorsOnly)
        {
            query = query.Where(p => p.Workaround != null);
        }

        query = Matching(query, filter.Text);
        var rows = await query.OrderByDescending(p => p.CreatedAt).Take(500)
            .Select(p => new
            {
                p.Id,
                p.Title,
                p.Status,
                p.ServiceId,
                Service = db.Services.Where(s => s.Id == p.ServiceId).Select(s => s.Name).FirstOrDefault(),
                Team = db.Services.Where(s => s.Id == p.ServiceId).Join(db.Teams, s => s.TeamId, t => t.Id, (s, t) => t.Name).FirstOrDefault(),
                p.Category,
                HasWorkaround = p.Workaround != null,
                Incidents = db.ProblemIncidents.Count(l => l.ProblemId == p.Id),
                Open = db.Countermeasures.Count(c => c.ProblemId == p.Id && (c.State == CountermeasureState.Proposed || c.State == CountermeasureState.Accepted || c.State == CountermeasureState.InProgress)),
                All = db.Countermeasures.Count(c => c.ProblemId == p.Id && c.State != CountermeasureState.Rejected),
                Ineffective = db.Countermeasures.Any(c => c.ProblemId == p.Id && c.Ineffective),
                Owner = db.Users.Where(u => u.Id == p.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                p.CreatedAt,
                p.WatchUntil,
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ProblemRow(r.Id, r.Title, r.Status, r.ServiceId, r.Service ?? "", r.Team, r.Category, r.HasWorkaround, r.Incidents,
            r.Open, r.All, r.Ineffective, r.Owner, r.CreatedAt, r.WatchUntil)).ToList();
    }

    /// <summary>Problems an incident can be linked to: not closed or verified, newest first, matching the typed text.</summary>
    public async Task<IReadOnlyList<(long Id, string Title)>> LinkableAsync(string? text, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Asked on every keystroke of a search box: ids and titles only, none of the list's counts.
        var rows = await Matching(db.Problems.AsNoTracking().Where(p => p.Status != ProblemStatus.Closed && p.Status != ProblemStatus.Verified), text)
            .OrderByDescending(p => p.CreatedAt).Take(20).Select(p => new { p.Id, p.Title }).ToListAsync(cancellationToken);
        return rows.Select(r => (r.Id, r.Title)).ToList();
    }

    /// <summary>"PRB-12" finds that problem; other text searches titles and root causes.</summary>
    private static IQueryable<Problem> Matching(IQueryable<Problem> query, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return query;
        }

        var trimmed = text.Trim();
        return trimmed.StartsWith("PRB-", StringComparison.OrdinalIgnoreCase) && long.TryParse(trimmed[4..], out var id)
            ? query.Where(p => p.Id == id)
            : query.Where(p => p.Title.Contains(trimmed) || (p.RootCause != null && p.RootCause.Contains(trimmed)));
    }
}
