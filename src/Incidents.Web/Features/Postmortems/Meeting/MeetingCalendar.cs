using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Incidents.Domain.Postmortems;

namespace Incidents.Web.Features.Postmortems.Meeting;

/// <summary>
/// The review as an iCalendar object (RFC 5545/5546, Ical.Net): METHOD:REQUEST for an invitation or an update
/// (same UID, higher SEQUENCE), METHOD:CANCEL when it is called off. Times in UTC, so every client agrees.
/// </summary>
internal static class MeetingCalendar
{
    public const string ProductId = "-//Incidents//Postmortem review//EN";

    public static string Build(ReviewMeeting meeting, string title, string description, string organizerEmail, string organizerName, Uri link, bool cancel, DateTimeOffset stamp,
        IReadOnlyList<MeetingInvitee>? attendees = null)
    {
        var calendar = new Calendar { ProductId = ProductId, Method = cancel ? "CANCEL" : "REQUEST" };
        var review = new CalendarEvent
        {
            Uid = meeting.Uid,
            Sequence = meeting.Sequence,
            Summary = title,
            Description = $"{description}\n\n{link}",
            Location = meeting.OnlineUrl is { } online ? (meeting.Location is { } room ? $"{room} / {online}" : online) : meeting.Location,
            Url = link,
            DtStart = new CalDateTime(meeting.StartsAt.UtcDateTime, "UTC"),
            DtEnd = new CalDateTime(meeting.EndsAt.UtcDateTime, "UTC"),
            DtStamp = new CalDateTime(stamp.UtcDateTime, "UTC"),
            Status = cancel ? "CANCELLED" : "CONFIRMED",
            Organizer = new Organizer($"mailto:{organizerEmail}") { CommonName = organizerName },
        };
        foreach (var invitee in attendees ?? meeting.Invitees)
        {
            review.Attendees.Add(new Attendee($"mailto:{invitee.Email}")
            {
                CommonName = invitee.Name,
                Role = "REQ-PARTICIPANT",
                ParticipationStatus = invitee.Response switch
                {
                    Rsvp.NeedsAction => "NEEDS-ACTION",
                    Rsvp.Accepted => "ACCEPTED",
                    Rsvp.Tentative => "TENTATIVE",
                    Rsvp.Declined => "DECLINED",
                },
                Rsvp = true,
            });
        }

        calendar.Events.Add(review);
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
