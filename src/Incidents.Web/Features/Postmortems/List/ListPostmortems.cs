using Incidents.Domain.Incidents;
using Incidents.Domain.Postmortems;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Postmortems.List;

internal sealed record PostmortemFilter(
    IReadOnlyCollection<PostmortemStatus>? Statuses = null,
    long? TeamId = null,
    long? ServiceId = null,
    bool OverdueOnly = false,
    string? ToReviewBy = null,
    long? IncidentId = null);

internal sealed record PostmortemRow(
    long Id,
    long IncidentId,
    string IncidentTitle,
    Severity Severity,
    string ServiceName,
    string TeamName,
    PostmortemStatus Status,
    string? OwnerName,
    DateTimeOffset DueAt,
    bool Overdue,
    DateTimeOffset? ReviewAt,
    int OpenComments)
{
    public string IncidentNumber => Incident.Format(IncidentId);
}

/// <summary>
/// Postmortems with filters; "to review" is what a person should look at: in review, or a review meeting they are
/// invited to and did not decline. Overdue ones first.
/// </summary>
internal sealed class ListPostmortems(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<PostmortemRow>> HandleAsync(PostmortemFilter filter, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Postmortems.AsNoTracking()
            .Join(db.Incidents, p => p.IncidentId, i => i.Id, (p, i) => new { p, i })
            .Join(db.Services, x => x.i.ServiceId, s => s.Id, (x, s) => new { x.p, x.i, s });
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            query = query.Where(x => statuses.Contains(x.p.Status));
        }

        if (filter.TeamId is { } team)
        {
            query = query.Where(x => x.s.TeamId == team);
        }

        if (filter.ServiceId is { } service)
        {
            query = query.Where(x => x.s.Id == service);
        }

        if (filter.IncidentId is { } incident)
        {
            query = query.Where(x => x.p.IncidentId == incident);
        }

        if (filter.OverdueOnly)
        {
            query = query.Where(x => x.p.Status != PostmortemStatus.Published && x.p.DueAt < now);
        }

        if (filter.ToReviewBy is { } reviewer)
        {
            query = query.Where(x => x.p.Status != PostmortemStatus.Published
                && (x.p.Status == PostmortemStatus.InReview
                    || db.ReviewMeetings.Any(m => m.PostmortemId == x.p.Id && !m.Cancelled && m.Invitees.Any(i => i.UserId == reviewer && i.Response != Rsvp.Declined))));
        }

        var rows = await query.OrderByDescending(x => x.p.CreatedAt).Take(500)
            .Select(x => new
            {
                x.p.Id,
                x.p.IncidentId,
                x.i.Title,
                x.i.Severity,
                Service = x.s.Name,
                Team = db.Teams.Where(t => t.Id == x.s.TeamId).Select(t => t.Name).FirstOrDefault(),
                x.p.Status,
                Owner = db.Users.Where(u => u.Id == x.p.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                x.p.DueAt,
                Review = db.ReviewMeetings.Where(m => m.PostmortemId == x.p.Id && !m.Cancelled).OrderByDescending(m => m.Id).Select(m => (DateTimeOffset?)m.StartsAt).FirstOrDefault(),
                Comments = db.ReviewComments.Count(c => c.PostmortemId == x.p.Id && c.ResolvedAt == null),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new PostmortemRow(r.Id, r.IncidentId, r.Title, r.Severity, r.Service, r.Team ?? "", r.Status, r.Owner, r.DueAt,
                r.Status != PostmortemStatus.Published && r.DueAt < now, r.Review, r.Comments))
            .OrderByDescending(r => r.Overdue).ThenBy(r => r.Status == PostmortemStatus.Published).ThenBy(r => r.DueAt).ToList();
    }
}
