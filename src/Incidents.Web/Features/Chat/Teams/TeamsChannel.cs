using Incidents.Domain.OnCall;
using Incidents.Web.Features.Chat.Commands;
using Incidents.Web.Features.OnCall.Channels;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat.Teams;

/// <summary>
/// Pages a person in their personal Teams chat with the bot (the address is their Entra object id or Teams user
/// id): the stored conversation when there is one, else a new 1:1 conversation created through the Connector.
/// At least once, as for Slack.
/// </summary>
internal sealed class TeamsChannel(IServiceProvider services, IOptions<TeamsOptions> options) : INotificationChannel
{
    public ContactKind Kind => ContactKind.Teams;

    public DeliveryGuarantee Guarantee => DeliveryGuarantee.AtLeastOnce;

    public async Task<SendResult> SendAsync(PageNotification notification, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return new SendResult.Permanent("Teams is not connected (Teams:AppId and Teams:AppPassword).");
        }

        var incident = await services.GetRequiredService<ChatIncidents>().FindAsync(notification.IncidentId, cancellationToken);
        if (incident is null)
        {
            return new SendResult.Permanent("The incident no longer exists.");
        }

        try
        {
            var bot = services.GetRequiredService<TeamsBot>();
            var personal = await bot.PersonalConversationAsync(notification.Address, cancellationToken);
            if (personal is null)
            {
                return new SendResult.Permanent("The bot has not been installed in Teams yet, so it cannot start a chat.");
            }

            await bot.PostCardAsync(personal, incident, $"You are paged{(notification.Reason is null ? "" : $" ({notification.Reason})")}:", "page", cancellationToken);
            return SendResult.Ok;
        }
        catch (TeamsConnectorException ex) when (ex.Status is 400 or 401 or 403 or 404)
        {
            // 403 MessageWritesBlocked: the person blocked or removed the bot.
            return new SendResult.Permanent($"Teams: {ex.Status} {ex.Code}");
        }
        catch (Exception ex) when (ex is TeamsConnectorException or HttpRequestException)
        {
            return new SendResult.Transient($"Teams: {ex.Message}");
        }
    }
}
