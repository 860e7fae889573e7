using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Changes.List;

/// <summary>Which changes a list shows: open ones (not finished, rejected or cancelled), finished ones, the ones waiting for an approval, or all.</summary>
public enum ChangeView
{
    Open,
    AwaitingApproval,
    Finished,
    All,
}

public sealed record ChangeRow(
    long Id, string Number, string Title, long ServiceId, string ServiceName, string ServiceSlug, ChangeType Type, ChangeKind Kind, ChangeRisk Risk,
    ChangeStatus Status, ChangeSource Source, bool Bypassed, string Environment, string RequesterName, DateTimeOffset? PlannedStart,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, DateTimeOffset? ApprovedAt, DateTimeOffset CreatedAt);

internal sealed record ChangePage(IReadOnlyList<ChangeRow> Rows, int Total);

/// <summary>The changes list: newest first, by view, service or team, a page at a time; also the chat's <c>changes</c>.</summary>
internal sealed class ListChanges(IDbContextFactory<IncidentsDbContext> contexts)
{
    public const int PageSize = 50;

    public async Task<ChangePage> HandleAsync(ChangeView view, long? serviceId = null, long? teamId = null, int page = 1, DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Changes.AsNoTracking().AsQueryable();
        query = view switch
        {
            ChangeView.Open => query.Where(c => c.Status == ChangeStatus.Draft || c.Status == ChangeStatus.Submitted || c.Status == ChangeStatus.Approved
                || c.Status == ChangeStatus.Scheduled || c.Status == ChangeStatus.InProgress),
            ChangeView.AwaitingApproval => query.Where(c => c.ApprovedAt == null && !c.RejectedAfterTheFact
                && (c.Status == ChangeStatus.Submitted || ((c.Type == ChangeType.Emergency || c.Bypassed) && c.StartedAt != null
                    && c.Status != ChangeStatus.Rejected && c.Status != ChangeStatus.Cancelled))),
            ChangeView.Finished => query.Where(c => c.Status == ChangeStatus.Completed || c.Status == ChangeStatus.Failed || c.Status == ChangeStatus.RolledBack),
            ChangeView.All => query,
        };
        if (serviceId is { } service)
        {
            query = query.Where(c => c.ServiceId == service);
        }

        if (teamId is { } team)
        {
            query = query.Where(c => db.Services.Any(s => s.Id == c.ServiceId && s.TeamId == team));
        }

        if (since is { } from)
        {
            query = query.Where(c => c.StartedAt >= from || (c.StartedAt == null && c.PlannedStart >= from) || (c.StartedAt == null && c.PlannedStart == null && c.CreatedAt >= from));
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(c => c.Id).Skip((Math.Max(1, page) - 1) * PageSize).Take(PageSize)
            .Join(db.Services, c => c.ServiceId, s => s.Id, (c, s) => new ChangeRow(
                c.Id, "", c.Title, c.ServiceId, s.Name, s.Slug, c.Type, c.Kind, c.Risk, c.Status, c.Source, c.Bypassed, c.Environment,
                c.RequesterName, c.PlannedStart, c.StartedAt, c.EndedAt, c.ApprovedAt, c.CreatedAt))
            .ToListAsync(cancellationToken);
        return new ChangePage(rows.Select(r => r with { Number = Change.Format(r.Id) }).OrderByDescending(r => r.Id).ToList(), total);
    }
}
