using Incidents.Domain;
using Incidents.Web.Infrastructure;

namespace Incidents.Web.Features.Postmortems;

/// <summary>A reviewer's comment on one section of a postmortem (inline review).</summary>
public sealed class ReviewComment
{
    private ReviewComment()
    {
    }

    public ReviewComment(long postmortemId, string section, string text, Actor by, DateTimeOffset at)
    {
        PostmortemId = postmortemId;
        Section = section;
        Text = text;
        AuthorId = by.Id;
        AuthorName = by.Name;
        At = at;
    }

    public long Id { get; private set; }

    public long PostmortemId { get; private set; }

    /// <summary>summary, impact, timeline, rootcause, wentwell, wentbadly, lucky, countermeasures.</summary>
    public string Section { get; private set; } = "";

    public string Text { get; private set; } = "";

    public string? AuthorId { get; private set; }

    public string AuthorName { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedByName { get; set; }
}

public enum InvitationChannel
{
    Email,
    Slack,
    Teams,
    TeamChannel,
}

/// <summary>
/// One invitation (or cancellation) to send: a meeting's sequence, to a person (or the team's channel), by one channel.
/// Unique per (meeting, sequence, target, channel), so each goes out once however often the job runs; failures retry.
/// </summary>
public sealed class InvitationDelivery : OutboxMessage
{
    private InvitationDelivery()
    {
    }

    public InvitationDelivery(long meetingId, int sequence, string target, InvitationChannel channel, bool cancellation, DateTimeOffset at)
    {
        MeetingId = meetingId;
        Sequence = sequence;
        Target = target;
        Channel = channel;
        Cancellation = cancellation;
        CreatedAt = at;
        NextAttemptAt = at;
    }

    public long MeetingId { get; private set; }

    public int Sequence { get; private set; }

    /// <summary>An invitee's user id, or "team".</summary>
    public string Target { get; private set; } = "";

    public InvitationChannel Channel { get; private set; }

    public bool Cancellation { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
