using System.Text.Json.Nodes;
using Incidents.Web.Data;
using Incidents.Web.Features.Chat.Commands;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Chat.Teams;

/// <summary>What the bot knows of a Teams conversation, to reply and to message people and channels proactively.</summary>
public sealed class TeamsConversation
{
    public long Id { get; set; }

    public string ConversationId { get; set; } = "";

    public string ServiceUrl { get; set; } = "";

    public string? TenantId { get; set; }

    public string BotId { get; set; } = "";

    /// <summary>personal, groupChat or channel.</summary>
    public string? Type { get; set; }

    public string? UserId { get; set; }

    public string? AadObjectId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class TeamsConversationConfiguration : IEntityTypeConfiguration<TeamsConversation>
{
    public void Configure(EntityTypeBuilder<TeamsConversation> builder)
    {
        builder.Property(c => c.ConversationId).HasMaxLength(400);
        builder.Property(c => c.ServiceUrl).HasMaxLength(400);
        builder.Property(c => c.TenantId).HasMaxLength(100);
        builder.Property(c => c.BotId).HasMaxLength(200);
        builder.Property(c => c.Type).HasMaxLength(20);
        builder.Property(c => c.UserId).HasMaxLength(200);
        builder.Property(c => c.AadObjectId).HasMaxLength(100);
        builder.HasIndex(c => c.ConversationId).IsUnique();
        builder.HasIndex(c => c.AadObjectId);
    }
}

/// <summary>
/// The Teams side of the bot: conversation references from every activity, commands from messages (replied to
/// through the Connector), Action.Execute invokes answered with the refreshed card, and cards kept current.
/// </summary>
internal sealed partial class TeamsBot(
    RunChatCommand commands,
    ConversationMemory memory,
    ChatIncidents incidents,
    ChatPeople people,
    TeamsConnector connector,
    IDbContextFactory<IncidentsDbContext> contexts,
    ChatMessageLog messageLog,
    TimeProvider clock,
    ILogger<TeamsBot> logger)
{
    /// <summary>The chat identity of the sender: their Entra object id when Teams gives it, else the channel account id.</summary>
    public static string ExternalId(JsonNode activity) =>
        activity["from"]?["aadObjectId"]?.GetValue<string>() ?? activity["from"]?["id"]?.GetValue<string>() ?? "";

    public async Task RememberConversationAsync(JsonNode activity, CancellationToken cancellationToken)
    {
        var conversationId = activity["conversation"]?["id"]?.GetValue<string>();
        var serviceUrl = activity["serviceUrl"]?.GetValue<string>();
        if (conversationId is null || serviceUrl is null)
        {
            return;
        }

        var type = activity["conversation"]?["conversationType"]?.GetValue<string>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = await db.TeamsConversations.SingleOrDefaultAsync(c => c.ConversationId == conversationId, cancellationToken);
        if (known is null)
        {
            known = new TeamsConversation { ConversationId = conversationId };
            db.TeamsConversations.Add(known);
        }

        known.ServiceUrl = serviceUrl;
        known.TenantId = activity["conversation"]?["tenantId"]?.GetValue<string>() ?? activity["channelData"]?["tenant"]?["id"]?.GetValue<string>() ?? known.TenantId;
        known.BotId = activity["recipient"]?["id"]?.GetValue<string>() ?? known.BotId;
        known.Type = type ?? known.Type;
        if (type == "personal" && activity["type"]?.GetValue<string>() == "message")
        {
            known.UserId = activity["from"]?["id"]?.GetValue<string>();
            known.AadObjectId = activity["from"]?["aadObjectId"]?.GetValue<string>();
        }

        known.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Remembered a moment ago by a concurrent activity.
        }
    }

    /// <summary>A message to the bot: the command, answered as a reply in the same conversation.</summary>
    public async Task HandleMessageAsync(JsonNode activity, CancellationToken cancellationToken)
    {
        var conversationId = activity["conversation"]!["id"]!.GetValue<string>();
        var thread = conversationId.Contains(";messageid=", StringComparison.Ordinal) ? conversationId : null;
        var context = new ChatContext(ChatMedium.Teams, conversationId.Split(";messageid=")[0], thread);
        var externalId = ExternalId(activity);
        var person = await people.FindAsync(ChatMedium.Teams, externalId, cancellationToken);
        var reply = await commands.HandleAsync(context, person, externalId, activity["text"]?.GetValue<string>() ?? "", cancellationToken);
        var message = TeamsCards.Message(reply);
        var serviceUrl = activity["serviceUrl"]!.GetValue<string>();
        var id = activity["id"]?.GetValue<string>();
        var posted = id is null
            ? await connector.SendAsync(serviceUrl, conversationId, message, cancellationToken)
            : await connector.ReplyAsync(serviceUrl, conversationId, id, message, cancellationToken);
        if (reply.Incident is { } incident && posted.Length > 0)
        {
            await TrackAsync(incident.Id, conversationId, posted, "card", cancellationToken);
            await memory.RememberAsync(context, incident.Id, cancellationToken);
        }
    }

    /// <summary>An Action.Execute press: the command, then the invoke response carrying the refreshed card.</summary>
    public async Task<JsonObject> HandleCardActionAsync(JsonNode activity, CancellationToken cancellationToken)
    {
        var action = activity["value"]?["action"];
        var command = TeamsCards.CommandFor(action?["verb"]?.GetValue<string>(), action?["data"]);
        if (command is null)
        {
            return Error(400, "Unknown action.");
        }

        var conversationId = activity["conversation"]?["id"]?.GetValue<string>() ?? "";
        var externalId = ExternalId(activity);
        var person = await people.FindAsync(ChatMedium.Teams, externalId, cancellationToken);
        var reply = await commands.HandleAsync(new ChatContext(ChatMedium.Teams, conversationId), person, externalId, command, cancellationToken);
        if (reply is { Ok: true, Settles: true })
        {
            // The question is answered: the card becomes the answer, so nobody presses its buttons again.
            return new JsonObject { ["statusCode"] = 200, ["type"] = TeamsCards.ContentType, ["value"] = TeamsCards.Settled(reply.Text) };
        }

        if (!reply.Ok || reply.Incident is not { } incident)
        {
            return new JsonObject { ["statusCode"] = 200, ["type"] = "application/vnd.microsoft.activity.message", ["value"] = reply.Text };
        }

        if (activity["replyToId"]?.GetValue<string>() is { } cardMessage)
        {
            await TrackAsync(incident.Id, conversationId, cardMessage, "card", cancellationToken);
        }

        return new JsonObject { ["statusCode"] = 200, ["type"] = TeamsCards.ContentType, ["value"] = TeamsCards.Card(incident) };
    }

    /// <summary>
    /// The bot's personal chat with a person (their Entra object id or Teams user id): the stored conversation, else a
    /// new 1:1 conversation created through the Connector (null when the bot was never installed anywhere).
    /// </summary>
    public async Task<TeamsConversation?> PersonalConversationAsync(string address, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var personal = await db.TeamsConversations.AsNoTracking()
            .Where(c => c.Type == "personal" && (c.AadObjectId == address || c.UserId == address))
            .OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
        if (personal is not null)
        {
            return personal;
        }

        var any = await db.TeamsConversations.AsNoTracking().Where(c => c.TenantId != null).OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
        if (any is null)
        {
            return null;
        }

        var id = await connector.CreateConversationAsync(any.ServiceUrl, new JsonObject
        {
            ["bot"] = new JsonObject { ["id"] = any.BotId },
            ["members"] = new JsonArray(new JsonObject { ["id"] = address }),
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = any.TenantId } },
        }, cancellationToken);
        personal = new TeamsConversation { ConversationId = id, ServiceUrl = any.ServiceUrl, TenantId = any.TenantId, BotId = any.BotId, Type = "personal", AadObjectId = address };
        db.TeamsConversations.Add(personal);
        await db.SaveChangesAsync(cancellationToken);
        return personal;
    }

    /// <summary>A team channel ("19:…") the bot has heard from; posting to it starts a new thread there.</summary>
    public async Task<TeamsConversation?> ChannelConversationAsync(string channelId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = await db.TeamsConversations.AsNoTracking().Where(c => c.ConversationId.StartsWith(channelId)).OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
        return known is null ? null : new TeamsConversation { ConversationId = channelId, ServiceUrl = known.ServiceUrl, TenantId = known.TenantId, BotId = known.BotId, Type = "channel" };
    }

    /// <summary>Posts an incident card to a known conversation (a personal chat for a page, a channel for a new incident).</summary>
    public async Task PostCardAsync(TeamsConversation conversation, ChatIncident incident, string headline, string purpose, CancellationToken cancellationToken)
    {
        var id = await connector.SendAsync(conversation.ServiceUrl, conversation.ConversationId, TeamsCards.CardActivity(incident, headline, alert: true), cancellationToken);
        await TrackAsync(incident.Id, conversation.ConversationId, id, purpose, cancellationToken);
    }

    public async Task RefreshCardsAsync(long incidentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cards = await db.ChatMessages.AsNoTracking().Where(m => m.Medium == ChatMedium.Teams && m.IncidentId == incidentId).ToListAsync(cancellationToken);
        if (cards.Count == 0 || await incidents.FindAsync(incidentId, cancellationToken) is not { } incident)
        {
            return;
        }

        var conversations = cards.Select(c => c.Conversation).Distinct().ToList();
        var serviceUrls = await db.TeamsConversations.AsNoTracking().Where(c => conversations.Contains(c.ConversationId))
            .ToDictionaryAsync(c => c.ConversationId, c => c.ServiceUrl, cancellationToken);
        foreach (var card in cards)
        {
            if (!serviceUrls.TryGetValue(card.Conversation, out var serviceUrl))
            {
                continue;
            }

            try
            {
                await connector.UpdateAsync(serviceUrl, card.Conversation, card.MessageId,
                    TeamsCards.CardActivity(incident, card.Purpose == "page" ? "You are paged:" : null, alert: false), cancellationToken);
            }
            catch (TeamsConnectorException ex)
            {
                LogUpdateFailed(logger, ex, incidentId, ex.Status, ex.Code);
            }
        }
    }

    private static JsonObject Error(int status, string message) => new()
    {
        ["statusCode"] = status,
        ["type"] = "application/vnd.microsoft.error",
        ["value"] = new JsonObject { ["code"] = "BadRequest", ["message"] = message },
    };

    private Task TrackAsync(long incidentId, string conversation, string messageId, string purpose, CancellationToken cancellationToken) =>
        messageLog.TrackAsync(ChatMedium.Teams, incidentId, conversation, messageId, purpose, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating a Teams card of incident {IncidentId} failed: {Status} {Code}")]
    private static partial void LogUpdateFailed(ILogger logger, Exception exception, long incidentId, int status, string code);
}
