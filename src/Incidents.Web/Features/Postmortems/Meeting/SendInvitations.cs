using System.Globalization;
using Incidents.Domain.Postmortems;
using Incidents.Web.Data;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.OnCall.Channels;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Incidents.Web.Features.Postmortems.Meeting;

/// <summary>
/// Sends queued review invitations: email with an iCalendar invite (REQUEST or CANCEL), Slack and Teams messages with
/// Accept / Tentative / Decline, and a post to the team's channel. Each row is claimed by a conditional update before
/// it is sent, retried with backoff, and skipped once a newer sequence superseded it. Runs when woken and every 30 s.
/// </summary>
internal sealed partial class SendInvitations(
    IDbContextFactory<IncidentsDbContext> contexts,
    ChatDirect chat,
    InvitationSignal signal,
    IOptions<SmtpOptions> smtp,
    IOptions<PortalOptions> portal,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<SendInvitations> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Postmortems:RunInBackground", true))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }

            await signal.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken);
        }
    }

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Outbox.SendDueAsync(db, db.InvitationDeliveries, clock, delivery => SendAsync(db, delivery, cancellationToken), null, cancellationToken);
    }

    private async Task<SendResult> SendAsync(IncidentsDbContext db, InvitationDelivery delivery, CancellationToken cancellationToken)
    {
        var meeting = await db.ReviewMeetings.AsNoTracking().Include(m => m.Invitees).SingleAsync(m => m.Id == delivery.MeetingId, cancellationToken);
        if (delivery.Sequence < meeting.Sequence && !delivery.Cancellation)
        {
            return new SendResult.Permanent("Superseded by a newer version of the invitation.");
        }

        var about = await db.Postmortems.AsNoTracking().Where(p => p.Id == meeting.PostmortemId)
            .Join(db.Incidents, p => p.IncidentId, i => i.Id, (p, i) => new { p.Id, p.OwnerId, i.Title, IncidentId = i.Id, i.ServiceId, i.ResolutionSummary })
            .Join(db.Services, x => x.ServiceId, s => s.Id, (x, s) => new { x.Id, x.OwnerId, x.Title, x.IncidentId, x.ResolutionSummary, s.TeamId, Service = s.Name })
            .Join(db.Teams, x => x.TeamId, t => t.Id, (x, t) => new { x.Id, x.OwnerId, x.Title, x.IncidentId, x.ResolutionSummary, x.Service, t.ChatChannel })
            .SingleAsync(cancellationToken);
        var owner = about.OwnerId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == about.OwnerId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        var number = Incidents.Domain.Incidents.Incident.Format(about.IncidentId);
        var link = portal.Value.Link($"/postmortems/{about.Id}");
        var title = $"{(delivery.Cancellation ? "Cancelled: " : delivery.Sequence > 0 ? "Updated: " : "")}Postmortem review: {number} {about.Title}";
        var where = string.Join(" · ", new[] { meeting.Location, meeting.OnlineUrl }.OfType<string>());
        var when = $"{meeting.StartsAt.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)}–{meeting.EndsAt.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC";
        var text = delivery.Cancellation
            ? $"The review of {number} on {when} is cancelled (or you are no longer invited)."
            : $"{when}{(where.Length > 0 ? $" · {where}" : "")}. {(about.ResolutionSummary is null ? "" : $"What resolved it: {about.ResolutionSummary.TrimEnd('.')}. ")}{(owner is null ? "" : $"{owner} owns the postmortem. ")}Read the draft before the meeting. Will you come?";
        var actions = delivery.Cancellation ? [] : new[]
        {
            new ChatAction("Accept", $"rsvp {meeting.Id} accept", Primary: true),
            new ChatAction("Tentative", $"rsvp {meeting.Id} tentative"),
            new ChatAction("Decline", $"rsvp {meeting.Id} decline"),
        };
        var message = new ChatMessage(title, text, actions, link, "Open the postmortem");
        switch (delivery.Channel)
        {
            case InvitationChannel.Email:
                var invitee = meeting.Invitees.SingleOrDefault(i => i.UserId == delivery.Target);
                var email = invitee?.Email ?? await db.Users.AsNoTracking().Where(u => u.Id == delivery.Target).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
                var name = invitee?.Name ?? await db.Users.AsNoTracking().Where(u => u.Id == delivery.Target).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? "";
                return email is null
                    ? new SendResult.Permanent("The person has no email address.")
                    : await EmailChannel.SendAsync(smtp.Value, Email(meeting, delivery, title, text, name, email, link), cancellationToken);
            case InvitationChannel.Slack:
                return await chat.ToPersonAsync(ChatMedium.Slack, delivery.Target, message, cancellationToken);
            case InvitationChannel.Teams:
                return await chat.ToPersonAsync(ChatMedium.Teams, delivery.Target, message, cancellationToken);
            case InvitationChannel.TeamChannel:
                return about.ChatChannel is { Length: > 0 } channel
                    ? await chat.ToChannelAsync(channel, message with { Text = $"{text} Invited: {string.Join(", ", meeting.Invitees.Select(i => i.Name))}." }, cancellationToken)
                    : new SendResult.Permanent("The team has no chat channel.");
        }

        return new SendResult.Permanent("Unknown channel.");
    }

    private MimeMessage Email(ReviewMeeting meeting, InvitationDelivery delivery, string title, string text, string name, string email, Uri link)
    {
        var from = MailboxAddress.Parse(smtp.Value.From);
        // A cancellation for someone taken off the list names them alone, as RFC 5546 asks.
        IReadOnlyList<MeetingInvitee>? only = delivery.Cancellation && !meeting.Cancelled ? [new MeetingInvitee(delivery.Target, name, email, "removed")] : null;
        var ics = MeetingCalendar.Build(meeting, title.Replace("Cancelled: ", "", StringComparison.Ordinal).Replace("Updated: ", "", StringComparison.Ordinal),
            text, from.Address, string.IsNullOrEmpty(from.Name) ? "Incidents" : from.Name, link, delivery.Cancellation, clock.GetUtcNow(), only);
        var method = delivery.Cancellation ? "CANCEL" : "REQUEST";
        var message = new MimeMessage { MessageId = $"review-{meeting.Id}-{delivery.Sequence}-{delivery.Id}@incidents", Subject = title };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(name, email));
        var calendar = new TextPart("calendar") { Text = ics };
        calendar.ContentType.Parameters.Add("method", method);
        calendar.ContentType.Charset = "utf-8";
        var alternative = new MultipartAlternative
        {
            new TextPart("plain") { Text = $"{text}\n\n{link}" },
            new TextPart("html") { Text = $"<p>{System.Net.WebUtility.HtmlEncode(text)}</p><p><a href=\"{System.Net.WebUtility.HtmlEncode(link.ToString())}\">Open the postmortem</a></p>" },
            calendar,
        };
        var attachment = new MimePart("application", "ics")
        {
            Content = new MimeContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ics))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "invite.ics",
        };
        message.Body = new Multipart("mixed") { alternative, attachment };
        return message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending review invitations failed; retrying on the next run")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
