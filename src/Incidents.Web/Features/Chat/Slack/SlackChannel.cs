using Incidents.Domain.OnCall;
using Incidents.Web.Features.Chat.Commands;
using Incidents.Web.Features.OnCall.Channels;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat.Slack;

/// <summary>
/// Pages a person by Slack direct message (the contact method's address is their Slack member id): the incident
/// card with Acknowledge / Escalate / Resolve, kept up to date afterwards. At least once: a duplicate DM after a
/// crash is a nuisance, a missing page is not acceptable.
/// </summary>
internal sealed class SlackChannel(IServiceProvider services, IOptions<SlackOptions> options) : INotificationChannel
{
    private static readonly HashSet<string> Lasting =
    [
        "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "missing_scope", "user_not_found",
        "users_not_found", "user_disabled", "channel_not_found", "cannot_dm_bot", "not_allowed_token_type", "invalid_blocks",
    ];

    public ContactKind Kind => ContactKind.Slack;

    public DeliveryGuarantee Guarantee => DeliveryGuarantee.AtLeastOnce;

    public async Task<SendResult> SendAsync(PageNotification notification, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || string.IsNullOrWhiteSpace(options.Value.BotToken))
        {
            return new SendResult.Permanent("Slack is not connected (Slack:SigningSecret and Slack:BotToken).");
        }

        var incident = await services.GetRequiredService<ChatIncidents>().FindAsync(notification.IncidentId, cancellationToken);
        if (incident is null)
        {
            return new SendResult.Permanent("The incident no longer exists.");
        }

        try
        {
            var api = services.GetRequiredService<SlackApi>();
            // A member id (U…), or an email Slack can look up.
            var member = notification.Address.Contains('@', StringComparison.Ordinal)
                ? await api.LookupByEmailAsync(notification.Address, cancellationToken)
                : notification.Address;
            if (member is null)
            {
                return new SendResult.Permanent($"Slack has no user with the email {notification.Address}.");
            }

            var dm = await api.OpenDirectMessageAsync(member, cancellationToken);
            var why = notification.Reason is null ? "" : $" ({SlackMessages.Escape(notification.Reason)})";
            await services.GetRequiredService<SlackBot>().PostCardAsync(dm, incident, $":pager: You are paged{why}:", "page", cancellationToken);
            return SendResult.Ok;
        }
        catch (SlackApiException ex) when (Lasting.Contains(ex.Code))
        {
            return new SendResult.Permanent($"Slack: {ex.Code}");
        }
        catch (SlackApiException ex)
        {
            return new SendResult.Transient($"Slack: {ex.Code}");
        }
        catch (HttpRequestException ex)
        {
            return new SendResult.Transient($"Slack: {ex.Message}");
        }
    }
}
