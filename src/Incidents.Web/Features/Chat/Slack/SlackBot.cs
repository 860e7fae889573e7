using System.Text.Json.Nodes;
using Incidents.Web.Data;
using Incidents.Web.Features.Chat.Commands;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Chat.Slack;

/// <summary>
/// What the Slack bot does with a verified request: run the command as the person behind the Slack user, answer
/// in the conversation, and keep the incident cards it posted up to date.
/// </summary>
internal sealed partial class SlackBot(
    RunChatCommand commands,
    ConversationMemory memory,
    ChatIncidents incidents,
    ChatPeople people,
    SlackApi api,
    IDbContextFactory<IncidentsDbContext> contexts,
    ChatMessageLog messageLog,
    ILogger<SlackBot> logger)
{
    public static string ExternalId(string? team, string user) => $"{team}:{user}";

    /// <summary>The person behind a Slack user: linked before, or matched now by the email Slack has for them.</summary>
    public async Task<ChatPerson?> PersonAsync(string? team, string user, CancellationToken cancellationToken)
    {
        var externalId = ExternalId(team, user);
        if (await people.FindAsync(ChatMedium.Slack, externalId, cancellationToken) is { } known)
        {
            return known;
        }

        try
        {
            return await api.UserEmailAsync(user, cancellationToken) is { } email
                ? await people.LinkByEmailAsync(ChatMedium.Slack, externalId, email, cancellationToken)
                : null;
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException)
        {
            // No email to match by (scope missing, user hidden, Slack unreachable): the person can still link with a code.
            LogNoEmail(logger, ex, user);
            return null;
        }
    }

    /// <summary>A mention or direct message: answered in its thread.</summary>
    public async Task HandleEventAsync(JsonNode envelope, CancellationToken cancellationToken)
    {
        var e = envelope["event"];
        var type = e?["type"]?.GetValue<string>();
        var isDirect = type == "message" && e?["channel_type"]?.GetValue<string>() == "im" && e["bot_id"] is null && e["subtype"] is null;
        if (e is null || (type != "app_mention" && !isDirect))
        {
            return;
        }

        var team = envelope["team_id"]?.GetValue<string>();
        var user = e["user"]!.GetValue<string>();
        var channel = e["channel"]!.GetValue<string>();
        var thread = e["thread_ts"]?.GetValue<string>();
        var replyThread = isDirect ? thread : thread ?? e["ts"]?.GetValue<string>();
        var context = new ChatContext(ChatMedium.Slack, channel, thread);
        var reply = await commands.HandleAsync(context, await PersonAsync(team, user, cancellationToken), ExternalId(team, user), e["text"]?.GetValue<string>() ?? "", cancellationToken);
        await PostAsync(channel, replyThread, reply, cancellationToken);
    }

    /// <summary>A button on one of our cards: the same command as typed, then the card updated in place.</summary>
    public async Task HandleInteractionAsync(JsonNode payload, CancellationToken cancellationToken)
    {
        if (payload["type"]?.GetValue<string>() != "block_actions")
        {
            return;
        }

        var team = payload["user"]?["team_id"]?.GetValue<string>() ?? payload["team"]?["id"]?.GetValue<string>();
        var user = payload["user"]!["id"]!.GetValue<string>();
        var channel = payload["container"]?["channel_id"]?.GetValue<string>() ?? payload["channel"]?["id"]?.GetValue<string>() ?? "";
        var messageTs = payload["container"]?["message_ts"]?.GetValue<string>();
        var person = await PersonAsync(team, user, cancellationToken);
        var typed = payload["state"]?["values"]?[SlackMessages.InputBlock]?[SlackMessages.InputElement]?["value"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        foreach (var action in payload["actions"]?.AsArray() ?? [])
        {
            var command = SlackMessages.CommandFor(action?["action_id"]?.GetValue<string>() ?? "", action?["value"]?.GetValue<string>() ?? "", typed);
            if (command is null)
            {
                continue;
            }

            var reply = await commands.HandleAsync(new ChatContext(ChatMedium.Slack, channel), person, ExternalId(team, user), command, cancellationToken);
            var responseUrl = payload["response_url"]?.GetValue<string>();
            if (reply is { Ok: true, Settles: true } && responseUrl is not null)
            {
                // The question is answered: the card becomes the answer, so nobody presses its buttons again.
                await api.RespondAsync(responseUrl, new JsonObject { ["replace_original"] = true, ["text"] = reply.Text, ["blocks"] = SlackMessages.Settled(reply.Text) }, cancellationToken);
                continue;
            }

            // A failure, or an answer without a card to refresh (an RSVP), is told to the presser alone.
            if ((!reply.Ok || reply.Incident is null) && responseUrl is not null)
            {
                await api.RespondAsync(responseUrl, new JsonObject { ["response_type"] = "ephemeral", ["replace_original"] = false, ["text"] = reply.Text }, cancellationToken);
            }

            if (reply.Incident is { } incident && messageTs is not null)
            {
                await api.UpdateMessageAsync(channel, messageTs, SlackMessages.Fallback(incident), SlackMessages.Card(incident), cancellationToken);
                await TrackAsync(incident.Id, channel, messageTs, "card", cancellationToken);
            }
        }
    }

    /// <summary>Posts a command's answer; an incident card is tracked so later changes update it.</summary>
    public async Task PostAsync(string channel, string? thread, ChatReply reply, CancellationToken cancellationToken)
    {
        var (text, blocks) = SlackMessages.Reply(reply);
        var (postedChannel, ts) = await api.PostMessageAsync(channel, text, blocks, thread, cancellationToken);
        if (reply.Incident is { } incident)
        {
            await TrackAsync(incident.Id, postedChannel, ts, "card", cancellationToken);
            await memory.RememberAsync(new ChatContext(ChatMedium.Slack, postedChannel, thread ?? ts), incident.Id, cancellationToken);
        }
    }

    /// <summary>Posts an incident card (a page, or a new SEV1–SEV2 in the team's channel) and tracks it.</summary>
    public async Task PostCardAsync(string channel, ChatIncident incident, string headline, string purpose, CancellationToken cancellationToken)
    {
        var (postedChannel, ts) = await api.PostMessageAsync(channel, $"{headline} {SlackMessages.Fallback(incident)}", SlackMessages.Card(incident, headline), null, cancellationToken);
        await TrackAsync(incident.Id, postedChannel, ts, purpose, cancellationToken);
        await memory.RememberAsync(new ChatContext(ChatMedium.Slack, postedChannel, ts), incident.Id, cancellationToken);
        if (purpose == "team")
        {
            await memory.RememberAsync(new ChatContext(ChatMedium.Slack, postedChannel), incident.Id, cancellationToken);
        }
    }

    /// <summary>Every card about the incident shows its current state.</summary>
    public async Task RefreshCardsAsync(long incidentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cards = await db.ChatMessages.AsNoTracking().Where(m => m.Medium == ChatMedium.Slack && m.IncidentId == incidentId).ToListAsync(cancellationToken);
        if (cards.Count == 0 || await incidents.FindAsync(incidentId, cancellationToken) is not { } incident)
        {
            return;
        }

        foreach (var card in cards)
        {
            try
            {
                await api.UpdateMessageAsync(card.Conversation, card.MessageId, SlackMessages.Fallback(incident),
                    SlackMessages.Card(incident, card.Purpose == "page" ? "You are paged:" : null), cancellationToken);
            }
            catch (SlackApiException ex)
            {
                // A deleted message or a channel the bot left: the other cards still update.
                LogUpdateFailed(logger, ex, incidentId, ex.Code);
            }
        }
    }

    private Task TrackAsync(long incidentId, string conversation, string messageId, string purpose, CancellationToken cancellationToken) =>
        messageLog.TrackAsync(ChatMedium.Slack, incidentId, conversation, messageId, purpose, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not match Slack user {User} by email")]
    private static partial void LogNoEmail(ILogger logger, Exception exception, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating a Slack card of incident {IncidentId} failed: {Code}")]
    private static partial void LogUpdateFailed(ILogger logger, Exception exception, long incidentId, string code);
}
