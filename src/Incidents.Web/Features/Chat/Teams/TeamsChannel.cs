using System.Text.Json.Nodes;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Incidents.Web.Features.Chat.Commands;
using Incidents.Web.Features.OnCall.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat.Teams;

/// <summary>
/// Pages a person in their personal Teams chat with the bot (the address is their Entra object id or Teams user
/// id): the stored conversation when there is one, else a new 1:1 conversation created through the Connector.
/// At least once, as for Slack.
/// </summary>
public sealed class TeamsChannel(IServiceProvider services, IDbContextFactory<IncidentsDbContext> contexts, IOptions<TeamsOptions> options) : INotificationChannel
{
    public ContactKind Kind => ContactKind.Teams;

    public DeliveryGuarantee Guarantee => DeliveryGuarantee.AtLeastOnce;

    public async Task<SendResult> SendAsync(PageNotification notification, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return new SendResult.Permanent("Teams is not connected (Teams:AppId and Teams:AppPassword).");
        }

        var incident = await services.GetRequiredService<RunChatCommand>().IncidentAsync(notification.IncidentId, cancellationToken);
        if (incident is null)
        {
            return new SendResult.Permanent("The incident no longer exists.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var personal = await db.TeamsConversations.AsNoTracking()
            .Where(c => c.Type == "personal" && (c.AadObjectId == notification.Address || c.UserId == notification.Address))
            .OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
        try
        {
            if (personal is null)
            {
                var any = await db.TeamsConversations.AsNoTracking().Where(c => c.TenantId != null).OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
                if (any is null)
                {
                    return new SendResult.Permanent("The bot has not been installed in Teams yet, so it cannot start a chat.");
                }

                var connector = services.GetRequiredService<TeamsConnector>();
                var id = await connector.CreateConversationAsync(any.ServiceUrl, new JsonObject
                {
                    ["bot"] = new JsonObject { ["id"] = any.BotId },
                    ["members"] = new JsonArray(new JsonObject { ["id"] = notification.Address }),
                    ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = any.TenantId } },
                }, cancellationToken);
                personal = new TeamsConversation { ConversationId = id, ServiceUrl = any.ServiceUrl, TenantId = any.TenantId, BotId = any.BotId, Type = "personal", AadObjectId = notification.Address };
                db.TeamsConversations.Add(personal);
                await db.SaveChangesAsync(cancellationToken);
            }

            await services.GetRequiredService<TeamsBot>().PostCardAsync(personal, incident, $"You are paged{(notification.Reason is null ? "" : $" ({notification.Reason})")}:", "page", cancellationToken);
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
