using Incidents.Web.Data;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.OnCall.Channels;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Incidents.Web.Features.Notices;

/// <summary>
/// The recurring job that emails due notices (see <see cref="Outbox"/>: claimed before sending, so safe to run twice;
/// a crash mid-send retries it later, at least once, with the same Message-ID).
/// </summary>
internal sealed partial class SendNotices(
    IDbContextFactory<IncidentsDbContext> contexts,
    IOptions<SmtpOptions> smtp,
    IOptions<PortalOptions> portal,
    ChatDirect chat,
    Inbox.PortalInbox inbox,
    TimeProvider clock,
    ILogger<SendNotices> logger)
{
    public const string JobId = "notices-send";

    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Outbox.SendDueAsync(db, db.Notices, clock, notice => SendAsync(db, notice, cancellationToken),
            (notice, error) => LogGaveUp(logger, notice.Id, error), cancellationToken);
    }

    private async Task<SendResult> SendAsync(IncidentsDbContext db, Notice notice, CancellationToken cancellationToken)
    {
        var person = await db.Users.AsNoTracking().Where(u => u.Id == notice.UserId)
            .Select(u => new { u.DisplayName, u.Email }).SingleOrDefaultAsync(cancellationToken);
        SendResult result = person?.Email is not { Length: > 0 } email
            ? new SendResult.Permanent("The person has no email address.")
            : await EmailChannel.SendAsync(smtp.Value, Message(notice, person.DisplayName, email), cancellationToken);
        return await AlsoInChatAsync(db, notice, result, cancellationToken);
    }

    /// <summary>
    /// People see it in their portal bell, and hear it in Slack or Teams when they linked those; it counts as told when
    /// any channel got through (the bell's row is keyed by the notice, so a retry shows it once).
    /// </summary>
    private async Task<SendResult> AlsoInChatAsync(IncidentsDbContext db, Notice notice, SendResult email, CancellationToken cancellationToken)
    {
        var media = await db.ChatIdentities.AsNoTracking().Where(i => i.UserId == notice.UserId).Select(i => i.Medium).Distinct().ToListAsync(cancellationToken);
        var inBell = await inbox.PutAsync(new Inbox.InboxItem($"notice:{notice.Id}", notice.UserId, Inbox.InboxKind.Notice, notice.Subject, notice.Link, null, notice.CreatedAt), cancellationToken);
        var results = new List<SendResult> { email };
        if (inBell)
        {
            results.Add(SendResult.Ok);
        }

        var buttons = notice.Buttons;
        var message = new ChatMessage(notice.Subject, notice.Text, buttons?.Actions ?? [], notice.Link is null ? null : portal.Value.Link(notice.Link), Input: buttons?.Input);
        foreach (var medium in media.Where(m => m == ChatMedium.Slack && chat.SlackOn || m == ChatMedium.Teams && chat.TeamsOn))
        {
            results.Add(await chat.ToPersonAsync(medium, notice.UserId, message, cancellationToken));
        }

        return results.OfType<SendResult.Delivered>().FirstOrDefault() ?? results.OfType<SendResult.Transient>().FirstOrDefault() ?? (SendResult)results[0];
    }

    private MimeMessage Message(Notice notice, string name, string email) =>
        EmailChannel.Letter(smtp.Value, $"notice-{notice.Id}@incidents", notice.Subject, name, email, notice.Text,
            notice.Link is null ? null : portal.Value.Link(notice.Link), "Open in Incidents");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up on notice {NoticeId}: {Error}")]
    private static partial void LogGaveUp(ILogger logger, long noticeId, string error);
}
