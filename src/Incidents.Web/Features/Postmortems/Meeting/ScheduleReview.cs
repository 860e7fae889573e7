using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Postmortems;
using Incidents.Web.Data;
using Incidents.Web.Features.Chat;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Postmortems.Meeting;

internal sealed record ProposedInvitee(string UserId, string Name, string Email, string Why);

internal sealed record ReviewInput(DateTimeOffset StartsAt, int DurationMinutes, string? Location, string? OnlineUrl, IReadOnlyList<string> InviteeIds);

/// <summary>
/// The review meeting: invitees proposed from the incident (commander, responders) and the owning team (its members
/// own the service; its developers review), scheduled, rescheduled, cancelled, answered. Every change queues the
/// invitations for its sequence (email with .ics, Slack and Teams with RSVP buttons, the team's channel) and wakes the sender.
/// </summary>
internal sealed class ScheduleReview(IDbContextFactory<IncidentsDbContext> contexts, ChatDirect chat, InvitationSignal signal, TimeProvider clock)
{
    public async Task<IReadOnlyList<ProposedInvitee>> ProposeAsync(long postmortemId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var postmortem = await db.Postmortems.AsNoTracking().SingleOrDefaultAsync(p => p.Id == postmortemId, cancellationToken);
        if (postmortem is null)
        {
            return [];
        }

        var incident = await db.Incidents.AsNoTracking().Include(i => i.Responders).SingleAsync(i => i.Id == postmortem.IncidentId, cancellationToken);
        var team = await db.Services.Where(s => s.Id == incident.ServiceId).Join(db.Teams.Include(t => t.Members), s => s.TeamId, t => t.Id, (s, t) => t).SingleAsync(cancellationToken);
        var developerRole = await db.Roles.Where(r => r.Name == nameof(Role.Developer)).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
        var developers = await db.UserRoles.Where(r => r.RoleId == developerRole).Select(r => r.UserId).ToListAsync(cancellationToken);
        var reasons = new Dictionary<string, string>();
        void Add(string? userId, string why) => _ = userId is null || reasons.TryAdd(userId, why);
        Add(postmortem.OwnerId, "postmortem owner");
        Add(incident.CommanderId, "commander");
        foreach (var responder in incident.Responders)
        {
            Add(responder.UserId, "responder");
        }

        foreach (var member in team.Members)
        {
            Add(member.UserId, developers.Contains(member.UserId) ? $"developer ({team.Name})" : $"service owner ({team.Name})");
        }

        var ids = reasons.Keys.ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && !u.IsDisabled && u.Email != null)
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        return people.OrderBy(p => ids.IndexOf(p.Id)).Select(p => new ProposedInvitee(p.Id, p.DisplayName, p.Email!, reasons[p.Id])).ToList();
    }

    /// <summary>Schedules the review, or reschedules the one there is (same calendar event, next sequence).</summary>
    public async Task<(Outcome Outcome, long? MeetingId)> ScheduleAsync(long postmortemId, ReviewInput input, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var postmortem = await db.Postmortems.AsNoTracking().SingleOrDefaultAsync(p => p.Id == postmortemId, cancellationToken);
        if (postmortem is null)
        {
            return (Outcome.NotFound("That postmortem does not exist."), null);
        }

        if (postmortem.IsReadOnly)
        {
            return (Outcome.Conflict("The postmortem is published; its review is over."), null);
        }

        var proposed = (await ProposeAsync(postmortemId, cancellationToken)).ToDictionary(p => p.UserId);
        var ids = input.InviteeIds.Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && !u.IsDisabled && u.Email != null)
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        if (people.Count != ids.Count)
        {
            return (Outcome.Invalid("Invite people of Incidents with an email address."), null);
        }

        var invitees = people.OrderBy(p => ids.IndexOf(p.Id))
            .Select(p => new MeetingInvitee(p.Id, p.DisplayName, p.Email!, proposed.TryGetValue(p.Id, out var why) ? why.Why : "added")).ToList();
        var now = clock.GetUtcNow();
        var meeting = await db.ReviewMeetings.Include(m => m.Invitees).Where(m => m.PostmortemId == postmortemId && !m.Cancelled)
            .OrderByDescending(m => m.Id).FirstOrDefaultAsync(cancellationToken);
        var removed = new List<string>();
        if (meeting is null)
        {
            (var outcome, meeting) = ReviewMeeting.Schedule(postmortemId, $"postmortem-{postmortemId}-{Guid.NewGuid():N}@incidents", input.StartsAt,
                input.DurationMinutes, input.Location, input.OnlineUrl, invitees, now);
            if (!outcome.Succeeded)
            {
                return (outcome, null);
            }

            db.ReviewMeetings.Add(meeting!);
        }
        else
        {
            removed = meeting.Invitees.Select(i => i.UserId).Except(ids).ToList();
            var outcome = meeting.Reschedule(input.StartsAt, input.DurationMinutes, input.Location, input.OnlineUrl, invitees, now);
            if (!outcome.Succeeded)
            {
                return (outcome, null);
            }
        }

        db.ActingAs(by);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await QueueAsync(db, meeting!, meeting!.Invitees.Select(i => i.UserId).ToList(), cancellation: false, cancellationToken);
        await QueueAsync(db, meeting, removed, cancellation: true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Wake();
        return (Outcome.Success, meeting.Id);
    }

    public async Task<Outcome> CancelAsync(long meetingId, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var meeting = await db.ReviewMeetings.Include(m => m.Invitees).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return Outcome.NotFound("That review does not exist.");
        }

        var outcome = meeting.Cancel(clock.GetUtcNow());
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        db.ActingAs(by);
        await QueueAsync(db, meeting, meeting.Invitees.Select(i => i.UserId).ToList(), cancellation: true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        return Outcome.Success;
    }

    /// <summary>An invitee's answer, from the portal or a chat button.</summary>
    public async Task<(Outcome Outcome, string? Review)> RespondAsync(long meetingId, string userId, Rsvp response, string via, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var meeting = await db.ReviewMeetings.Include(m => m.Invitees).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return (Outcome.NotFound("That review does not exist."), null);
        }

        var outcome = meeting.Respond(userId, response, via, clock.GetUtcNow());
        if (!outcome.Succeeded)
        {
            return (outcome, null);
        }

        try
        {
            await db.ActingAs(new Actor(userId, meeting.Invitees.Single(i => i.UserId == userId).Name)).SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (Outcome.Conflict("The review changed meanwhile; answer again."), null);
        }

        var incident = await db.Postmortems.Where(p => p.Id == meeting.PostmortemId).Select(p => p.IncidentId).SingleAsync(cancellationToken);
        return (Outcome.Success, $"the review of {Incidents.Domain.Incidents.Incident.Format(incident)} on {meeting.StartsAt:ddd d MMM HH:mm} UTC");
    }

    /// <summary>One delivery per invitee and channel (and one to the team's channel) for the meeting's current sequence.</summary>
    private async Task QueueAsync(IncidentsDbContext db, ReviewMeeting meeting, List<string> userIds, bool cancellation, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var existing = (await db.InvitationDeliveries.Where(d => d.MeetingId == meeting.Id && d.Sequence == meeting.Sequence)
            .Select(d => new { d.Target, d.Channel }).ToListAsync(cancellationToken)).Select(d => (d.Target, d.Channel)).ToHashSet();
        void Queue(string target, InvitationChannel channel)
        {
            if (existing.Add((target, channel)))
            {
                db.InvitationDeliveries.Add(new InvitationDelivery(meeting.Id, meeting.Sequence, target, channel, cancellation, now));
            }
        }

        foreach (var userId in userIds)
        {
            Queue(userId, InvitationChannel.Email);
            if (chat.SlackOn)
            {
                Queue(userId, InvitationChannel.Slack);
            }

            if (await chat.ReachableInTeamsAsync(userId, cancellationToken))
            {
                Queue(userId, InvitationChannel.Teams);
            }
        }

        var channel = await db.Postmortems.Where(p => p.Id == meeting.PostmortemId)
            .Join(db.Incidents, p => p.IncidentId, i => i.Id, (p, i) => i.ServiceId)
            .Join(db.Services, s => s, s => s.Id, (_, s) => s.TeamId)
            .Join(db.Teams, t => t, t => t.Id, (_, t) => t.ChatChannel).SingleOrDefaultAsync(cancellationToken);
        var channelReachable = channel is { Length: > 0 } && (channel.StartsWith("19:", StringComparison.Ordinal) ? chat.TeamsOn : chat.SlackOn);
        if (channelReachable && (!cancellation || userIds.Count > 0 && meeting.Cancelled))
        {
            Queue("team", InvitationChannel.TeamChannel);
        }
    }
}

/// <summary>Wakes the invitation sender when something was queued.</summary>
internal sealed class InvitationSignal : WakeSignal;
