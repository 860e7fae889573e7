namespace Incidents.Domain.Postmortems;

public enum Rsvp
{
    NeedsAction,
    Accepted,
    Tentative,
    Declined,
}

/// <summary>Someone invited to a review: who, where to reach them, and their answer.</summary>
public sealed class MeetingInvitee
{
    private MeetingInvitee()
    {
    }

    public MeetingInvitee(string userId, string name, string email, string why)
    {
        UserId = userId;
        Name = name;
        Email = email;
        Why = why;
    }

    public long Id { get; private set; }

    public long MeetingId { get; private set; }

    public string UserId { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Email { get; private set; } = "";

    /// <summary>Why they are invited: commander, responder, service owner, developer of the team, added by hand.</summary>
    public string Why { get; private set; } = "";

    public Rsvp Response { get; internal set; }

    public DateTimeOffset? RespondedAt { get; internal set; }

    /// <summary>Where the answer came from: portal, Slack, Teams.</summary>
    public string? RespondedVia { get; internal set; }
}

/// <summary>
/// The review meeting of a postmortem. Its calendar identity (UID) never changes; every reschedule or cancellation
/// raises the sequence, so calendars update the same event instead of adding another.
/// </summary>
public sealed class ReviewMeeting
{
    private readonly List<MeetingInvitee> invitees = [];

    private ReviewMeeting()
    {
    }

    public long Id { get; private set; }

    public long PostmortemId { get; private set; }

    public string Uid { get; private set; } = "";

    public int Sequence { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public int DurationMinutes { get; private set; }

    public string? Location { get; private set; }

    public string? OnlineUrl { get; private set; }

    public bool Cancelled { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<MeetingInvitee> Invitees => invitees;

    public DateTimeOffset EndsAt => StartsAt.AddMinutes(DurationMinutes);

    public static (Outcome Outcome, ReviewMeeting? Meeting) Schedule(
        long postmortemId, string uid, DateTimeOffset startsAt, int durationMinutes, string? location, string? onlineUrl, IReadOnlyList<MeetingInvitee> invitees, DateTimeOffset now)
    {
        var meeting = new ReviewMeeting { PostmortemId = postmortemId, Uid = uid };
        var outcome = meeting.Change(startsAt, durationMinutes, location, onlineUrl, invitees, now);
        return outcome.Succeeded ? (outcome, meeting) : (outcome, null);
    }

    /// <summary>New time, place or invitees. Answers of people still invited are kept unless the time moved.</summary>
    public Outcome Reschedule(DateTimeOffset startsAt, int durationMinutes, string? location, string? onlineUrl, IReadOnlyList<MeetingInvitee> newInvitees, DateTimeOffset now)
    {
        if (Cancelled)
        {
            return Outcome.Conflict("The review was cancelled; schedule a new one.");
        }

        var moved = startsAt != StartsAt || durationMinutes != DurationMinutes;
        var previous = invitees.ToDictionary(i => i.UserId, i => (i.Response, i.RespondedAt, i.RespondedVia));
        var outcome = Change(startsAt, durationMinutes, location, onlineUrl, newInvitees, now);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        foreach (var invitee in invitees.Where(i => previous.ContainsKey(i.UserId) && !moved))
        {
            (invitee.Response, invitee.RespondedAt, invitee.RespondedVia) = previous[invitee.UserId];
        }

        Sequence++;
        return Outcome.Success;
    }

    public Outcome Cancel(DateTimeOffset now)
    {
        if (Cancelled)
        {
            return Outcome.Conflict("The review is cancelled already.");
        }

        Cancelled = true;
        Sequence++;
        UpdatedAt = now;
        Version++;
        return Outcome.Success;
    }

    public Outcome Respond(string userId, Rsvp response, string via, DateTimeOffset now)
    {
        if (Cancelled)
        {
            return Outcome.Conflict("The review was cancelled.");
        }

        if (response == Rsvp.NeedsAction)
        {
            return Outcome.Invalid("Answer accept, tentative or decline.");
        }

        var invitee = invitees.SingleOrDefault(i => i.UserId == userId);
        if (invitee is null)
        {
            return Outcome.NotFound("You are not on the invitation list; ask the postmortem's owner to add you.");
        }

        invitee.Response = response;
        invitee.RespondedAt = now;
        invitee.RespondedVia = via;
        Version++;
        return Outcome.Success;
    }

    private Outcome Change(DateTimeOffset startsAt, int durationMinutes, string? location, string? onlineUrl, IReadOnlyList<MeetingInvitee> newInvitees, DateTimeOffset now)
    {
        if (startsAt <= now)
        {
            return Outcome.Invalid("Pick a time in the future.");
        }

        if (durationMinutes is < 15 or > 480)
        {
            return Outcome.Invalid("A review lasts between 15 minutes and 8 hours.");
        }

        if (onlineUrl is { Length: > 0 } && (!Uri.TryCreate(onlineUrl.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")))
        {
            return Outcome.Invalid("The online meeting link must be an http(s) address.");
        }

        if (newInvitees.Count == 0)
        {
            return Outcome.Invalid("Invite at least one person.");
        }

        StartsAt = startsAt;
        DurationMinutes = durationMinutes;
        Location = string.IsNullOrWhiteSpace(location) ? null : location.Trim();
        OnlineUrl = string.IsNullOrWhiteSpace(onlineUrl) ? null : onlineUrl.Trim();
        invitees.RemoveAll(i => newInvitees.All(n => n.UserId != i.UserId));
        foreach (var invitee in newInvitees.Where(n => invitees.All(i => i.UserId != n.UserId)))
        {
            invitees.Add(invitee);
        }

        foreach (var invitee in invitees)
        {
            (invitee.Response, invitee.RespondedAt, invitee.RespondedVia) = (Rsvp.NeedsAction, null, null);
        }

        UpdatedAt = now;
        Version++;
        return Outcome.Success;
    }
}
