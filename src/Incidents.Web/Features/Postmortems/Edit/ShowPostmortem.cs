using Incidents.Domain.Incidents;
using Incidents.Domain.Postmortems;
using Incidents.Web.Data;
using Incidents.Web.Features.Problems.Countermeasures;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Postmortems.Edit;

/// <summary>An incident timeline entry as a postmortem draws from it.</summary>
public sealed record SourceEntry(long Id, DateTimeOffset At, TimelineKind Kind, string Text, string ActorName, bool BySystem)
{
    /// <summary>The postmortem timeline line it becomes (drafted at opening, or picked later).</summary>
    public string Line => BySystem ? $"{Kind}: {Text}" : $"{Kind}: {Text} ({ActorName})";

    public static SourceEntry Of(TimelineEntry entry) => new(entry.Id, entry.At, entry.Kind, entry.Text, entry.ActorName, entry.ActorId == null);
}

public sealed record CommentRow(long Id, string Section, string Text, string AuthorName, DateTimeOffset At, DateTimeOffset? ResolvedAt, string? ResolvedByName);

public sealed record InviteeRow(string UserId, string Name, string Email, string Why, Rsvp Response, DateTimeOffset? RespondedAt, string? RespondedVia, IReadOnlyList<string> SentBy);

public sealed record MeetingRow(long Id, string Uid, int Sequence, DateTimeOffset StartsAt, int DurationMinutes, string? Location, string? OnlineUrl, int Version, IReadOnlyList<InviteeRow> Invitees, bool TeamChannelPosted);

internal sealed record PostmortemDetails(
    long Id,
    long IncidentId,
    string IncidentTitle,
    Severity Severity,
    IncidentStatus IncidentStatus,
    string ServiceName,
    long TeamId,
    string TeamName,
    PostmortemStatus Status,
    string? OwnerId,
    string? OwnerName,
    DateTimeOffset DueAt,
    bool Overdue,
    string? Summary,
    string? CustomerImpact,
    IReadOnlyList<PostmortemTimelineItem> Timeline,
    string? RootCause,
    long? ProblemId,
    string? ProblemTitle,
    string? WentWell,
    string? WentBadly,
    string? GotLucky,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset LastEditedAt,
    string LastEditedByName,
    int Version,
    IReadOnlyList<SourceEntry> IncidentTimeline,
    IReadOnlyList<CommentRow> Comments,
    MeetingRow? Meeting,
    IReadOnlyList<CountermeasureRow> Countermeasures,
    string? PublishedEarlyBecause = null)
{
    public string IncidentNumber => Incident.Format(IncidentId);

    public string Title => $"{IncidentNumber} {IncidentTitle}";

    public PostmortemContent Content => new(Summary, CustomerImpact, Timeline, RootCause, WentWell, WentBadly, GotLucky);

    /// <summary>A text section as read (exported, printed): the root cause says which problem holds it.</summary>
    public string? TextOf(PostmortemSection section) =>
        section == PostmortemSection.RootCause && ProblemId is { } problem
            ? $"Recorded on problem {Domain.Problems.Problem.Format(problem)} ({ProblemTitle}).\n\n{RootCause}"
            : section.Read(Content);
}

/// <summary>One postmortem with what its page needs: the incident's timeline to draw from, comments, the review meeting.</summary>
internal sealed class ShowPostmortem(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public async Task<PostmortemDetails?> HandleAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var postmortem = await db.Postmortems.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (postmortem is null)
        {
            return null;
        }

        var incident = await db.Incidents.AsNoTracking().Where(i => i.Id == postmortem.IncidentId)
            .Join(db.Services, i => i.ServiceId, s => s.Id, (i, s) => new { i.Title, i.Severity, i.Status, Service = s.Name, s.TeamId })
            .Join(db.Teams, x => x.TeamId, t => t.Id, (x, t) => new { x.Title, x.Severity, x.Status, x.Service, x.TeamId, Team = t.Name })
            .SingleAsync(cancellationToken);
        var owner = postmortem.OwnerId is null ? null : await db.Users.Where(u => u.Id == postmortem.OwnerId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        var problem = postmortem.ProblemId is null ? null : await db.Problems.Where(p => p.Id == postmortem.ProblemId).Select(p => p.Title).SingleOrDefaultAsync(cancellationToken);
        var source = await db.Timeline.AsNoTracking().Where(t => t.IncidentId == postmortem.IncidentId).OrderBy(t => t.At).ThenBy(t => t.Id)
            .Select(t => new SourceEntry(t.Id, t.At, t.Kind, t.Text, t.ActorName, t.ActorId == null)).Take(1000).ToListAsync(cancellationToken);
        var comments = await db.ReviewComments.AsNoTracking().Where(c => c.PostmortemId == id).OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new CommentRow(c.Id, c.Section, c.Text, c.AuthorName, c.At, c.ResolvedAt, c.ResolvedByName)).ToListAsync(cancellationToken);
        var meeting = await MeetingAsync(db, id, cancellationToken);
        var countermeasures = await ManageCountermeasures.RowsAsync(db, db.Countermeasures.Where(c => c.PostmortemId == id), cancellationToken);
        return new PostmortemDetails(postmortem.Id, postmortem.IncidentId, incident.Title, incident.Severity, incident.Status, incident.Service, incident.TeamId, incident.Team,
            postmortem.Status, postmortem.OwnerId, owner, postmortem.DueAt, postmortem.IsOverdue(clock.GetUtcNow()), postmortem.Summary, postmortem.CustomerImpact,
            postmortem.Timeline, postmortem.RootCause, postmortem.ProblemId, problem, postmortem.WentWell, postmortem.WentBadly, postmortem.GotLucky,
            postmortem.CreatedAt, postmortem.SubmittedAt, postmortem.PublishedAt, postmortem.LastEditedAt, postmortem.LastEditedByName, postmortem.Version,
            source, comments, meeting, countermeasures, postmortem.PublishedEarlyBecause);
    }

    public async Task<long?> ForIncidentAsync(long incidentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Postmortems.Where(p => p.IncidentId == incidentId).Select(p => (long?)p.Id).SingleOrDefaultAsync(cancellationToken);
    }

    internal static async Task<MeetingRow?> MeetingAsync(IncidentsDbContext db, long postmortemId, CancellationToken cancellationToken)
    {
        var meeting = await db.ReviewMeetings.AsNoTracking().Include(m => m.Invitees).Where(m => m.PostmortemId == postmortemId && !m.Cancelled)
            .OrderByDescending(m => m.Id).FirstOrDefaultAsync(cancellationToken);
        if (meeting is null)
        {
            return null;
        }

        var sent = await db.InvitationDeliveries.AsNoTracking().Where(d => d.MeetingId == meeting.Id && d.Sequence == meeting.Sequence && d.SentAt != null)
            .Select(d => new { d.Target, d.Channel }).ToListAsync(cancellationToken);
        return new MeetingRow(meeting.Id, meeting.Uid, meeting.Sequence, meeting.StartsAt, meeting.DurationMinutes, meeting.Location, meeting.OnlineUrl, meeting.Version,
            meeting.Invitees.OrderBy(i => i.Name, StringComparer.CurrentCultureIgnoreCase).Select(i => new InviteeRow(i.UserId, i.Name, i.Email, i.Why, i.Response, i.RespondedAt, i.RespondedVia,
                sent.Where(s => s.Target == i.UserId).Select(s => s.Channel.ToString()).ToList())).ToList(),
            sent.Any(s => s.Target == "team"));
    }
}
