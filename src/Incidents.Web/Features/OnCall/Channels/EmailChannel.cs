using System.Net.Sockets;
using Incidents.Domain.OnCall;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Incidents.Web.Features.OnCall.Channels;

internal sealed class SmtpOptions
{
    public const string Section = "Smtp";

    /// <summary>Empty: email is not configured and email notifications fail over to the next contact method.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>None, StartTls (upgrade when offered) or SslOnConnect.</summary>
    public string Security { get; set; } = "StartTls";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "incidents@localhost";

    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>
/// Pages by email over SMTP (MailKit). At least once: after a crash mid-send the mail is sent again with the same
/// Message-ID, which mail clients use to show it once.
/// </summary>
internal sealed class EmailChannel(IOptions<SmtpOptions> options) : INotificationChannel
{
    public ContactKind Kind => ContactKind.Email;

    public DeliveryGuarantee Guarantee => DeliveryGuarantee.AtLeastOnce;

    public Task<SendResult> SendAsync(PageNotification notification, CancellationToken cancellationToken) =>
        SendAsync(options.Value, Message(notification, options.Value.From), cancellationToken);

    /// <summary>
    /// A plain message to one person: the text (its lines kept), and a link under it when there is one. Notices and the
    /// weekly review send these; <paramref name="messageId"/> keeps a retry the same message.
    /// </summary>
    public static MimeMessage Letter(SmtpOptions smtp, string messageId, string subject, string name, string email, string text, Uri? link, string linkLabel)
    {
        var message = new MimeMessage { MessageId = messageId, Subject = subject };
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(new MailboxAddress(name, email));
        message.Body = new BodyBuilder
        {
            TextBody = link is null ? text : $"{text}\n\n{link}",
            HtmlBody = $"<p>{System.Net.WebUtility.HtmlEncode(text).Replace("\n", "<br>", StringComparison.Ordinal)}</p>"
                + (link is null ? "" : $"<p><a href=\"{System.Net.WebUtility.HtmlEncode(link.ToString())}\">{System.Net.WebUtility.HtmlEncode(linkLabel)}</a></p>"),
        }.ToMessageBody();
        return message;
    }

    /// <summary>Sends one message over SMTP and says whether it is worth retrying. Shared with notices and invitations.</summary>
    public static async Task<SendResult> SendAsync(SmtpOptions smtp, MimeMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            return new SendResult.Permanent("Email is not configured (Smtp:Host).");
        }

        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        try
        {
            var security = smtp.Security switch
            {
                "None" => SecureSocketOptions.None,
                "SslOnConnect" => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            };
            await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return SendResult.Ok;
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            return new SendResult.Permanent($"SMTP {(int)ex.StatusCode}: {ex.Message}");
        }
        catch (SmtpCommandException ex)
        {
            return new SendResult.Transient($"SMTP {(int)ex.StatusCode}: {ex.Message}");
        }
        catch (AuthenticationException ex)
        {
            return new SendResult.Permanent($"SMTP authentication failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutException
            or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Transient($"SMTP: {ex.Message}");
        }
    }

    public static MimeMessage Message(PageNotification n, string from)
    {
        var message = new MimeMessage
        {
            // The same delivery always has the same id, so a resend after a crash is recognisably the same mail.
            MessageId = $"page-{n.DeliveryId}@incidents",
            Subject = $"[{n.Severity.ToString().ToUpperInvariant()}] {n.IncidentNumber}: {n.Title}",
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(new MailboxAddress(n.PersonName, n.Address));
        message.Headers.Add("X-Incidents-Incident", n.IncidentNumber);
        var text = $"""
            You are paged for {n.IncidentNumber} ({n.Severity.ToString().ToUpperInvariant()}, {n.Status}) on {n.ServiceName}:

              {n.Title}
            {(n.Reason is null ? "" : $"\nWhy: {n.Reason}\n")}
            Acknowledge or resolve it: {n.IncidentUrl}
            """;
        var html = $"""
            <p>You are paged for <b>{Escape(n.IncidentNumber)}</b> ({n.Severity.ToString().ToUpperInvariant()}, {n.Status}) on {Escape(n.ServiceName)}:</p>
            <p style="font-size:1.2em"><b>{Escape(n.Title)}</b></p>
            {(n.Reason is null ? "" : $"<p>Why: {Escape(n.Reason)}</p>")}
            <p><a href="{Escape(n.IncidentUrl.ToString())}">Open {Escape(n.IncidentNumber)} to acknowledge or resolve it</a></p>
            """;
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }

    private static string Escape(string value) => System.Net.WebUtility.HtmlEncode(value);
}
