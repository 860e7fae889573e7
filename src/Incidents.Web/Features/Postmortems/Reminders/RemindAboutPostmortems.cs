using Incidents.Domain.OnCall;
using Incidents.Domain.Postmortems;
using Incidents.Web.Data;
using Incidents.Web.Features.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Postmortems.Reminders;

/// <summary>
/// The recurring job (every minute) behind reminders: each invitee who has not declined hears 24 hours and 1 hour
/// before the review; owners of overdue postmortems are nudged once a day, never in the quiet hours. Each reminder is a
/// <see cref="Notice"/> with a unique key, so it fires once however often this runs, restarts included.
/// </summary>
internal sealed class RemindAboutPostmortems(IDbContextFactory<IncidentsDbContext> contexts, IOptions<PostmortemOptions> options, TimeProvider clock)
{
    public const string JobId = "postmortems-remind";

    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var wanted = new List<Notice>();
        var horizon = now + TimeSpan.FromHours(24);
        var meetings = await db.ReviewMeetings.AsNoTracking().Include(m => m.Invitees)
            .Where(m => !m.Cancelled && m.StartsAt > now && m.StartsAt <= horizon).ToListAsync(cancellationToken);
        var postmortemIds = meetings.Select(m => m.PostmortemId).ToList();
        var incidents = await db.Postmortems.Where(p => postmortemIds.Contains(p.Id))
            .Join(db.Incidents, p => p.IncidentId, i => i.Id, (p, i) => new { PostmortemId = p.Id, i.Id, i.Title })
            .ToDictionaryAsync(x => x.PostmortemId, cancellationToken);
        foreach (var meeting in meetings)
        {
            var lead = meeting.StartsAt - now;
            // Only the reminder that is due now: a review booked for this afternoon gets the 1-hour one, not a late "tomorrow".
            var kind = lead <= TimeSpan.FromHours(1) ? "1h" : lead > TimeSpan.FromHours(2) ? "24h" : null;
            if (kind is null)
            {
                continue;
            }

            var incident = incidents[meeting.PostmortemId];
            var number = Incidents.Domain.Incidents.Incident.Format(incident.Id);
            var words = kind == "1h" ? "in an hour" : $"on {meeting.StartsAt:ddd d MMM HH:mm} UTC";

            foreach (var invitee in meeting.Invitees.Where(i => i.Response != Rsvp.Declined))
            {
                wanted.Add(new Notice($"review-{kind}:{meeting.Id}:{meeting.Sequence}:{invitee.UserId}", invitee.UserId,
                    $"Reminder: postmortem review of {number} {words}",
                    $"The review of {number} {incident.Title} is at {meeting.StartsAt:ddd d MMM HH:mm} UTC"
                    + ((meeting.OnlineUrl ?? meeting.Location) is { } where ? $" ({where})" : "") + ". Read the draft before.",
                    $"/postmortems/{meeting.PostmortemId}", now));
            }
        }

        var zone = ZoneTime.Find(options.Value.TimeZone);
        var local = ZoneTime.ToLocal(now, zone);
        if (!options.Value.IsQuiet(TimeOnly.FromDateTime(local)))
        {
            var overdue = await db.Postmortems.AsNoTracking().Where(p => p.Status != PostmortemStatus.Published && p.DueAt < now && p.OwnerId != null)
                .Select(p => new { p.Id, p.OwnerId, p.IncidentId, p.DueAt, p.Status }).ToListAsync(cancellationToken);
            foreach (var postmortem in overdue)
            {
                var number = Incidents.Domain.Incidents.Incident.Format(postmortem.IncidentId);
                var late = (int)Math.Ceiling((now - postmortem.DueAt).TotalDays);
                wanted.Add(new Notice($"pm-overdue:{postmortem.Id}:{local:yyyy-MM-dd}", postmortem.OwnerId!, $"Overdue: the postmortem of {number}",
                    $"The postmortem of {number} was due {postmortem.DueAt:ddd d MMM} ({late} day(s) ago) and is still {Postmortem.Describe(postmortem.Status).ToLowerInvariant()}. "
                    + "Finish it, or agree a new due date with the reviewers.", $"/postmortems/{postmortem.Id}", now));
            }
        }

        return await NoticesOnce.SaveNewAsync(db, wanted, cancellationToken);
    }
}
