using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Incidents.Web.Features.Chat.Slack;
using Incidents.Web.Features.Chat.Teams;
using Incidents.Web.Features.OnCall.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat;

/// <summary>
/// A button on a bot message: pressing it runs this chat command as the person who pressed it; with
/// <paramref name="TakesInput"/>, followed by what they typed in the message's <see cref="ChatInput"/> (a reason).
/// </summary>
internal sealed record ChatAction(string Label, string Command, bool Primary = false, bool TakesInput = false);

/// <summary>A one-line text box on a message, read when a button that takes input is pressed.</summary>
internal sealed record ChatInput(string Label, string Placeholder);

/// <summary>A message that is not an incident card (a review invitation, a reminder, an approval request): Markdown text and buttons.</summary>
internal sealed record ChatMessage(string Title, string Text, IReadOnlyList<ChatAction> Actions, Uri? Link = null, string? LinkLabel = null, ChatInput? Input = null)
{
    /// <summary>The command a button runs, with the typed input appended when it takes it.</summary>
    public static string WithInput(string command, string? input) =>
        string.IsNullOrWhiteSpace(input) ? command : $"{command} {input.ReplaceLineEndings(" ").Trim()}";
}

/// <summary>
/// Sends bot messages to a person (Slack DM, Teams personal chat) or a team's channel, outside incident cards. Buttons
/// run chat commands through the same command layer as typed ones. Says whether it is worth retrying.
/// </summary>
internal sealed class ChatDirect(IServiceProvider services, IDbContextFactory<IncidentsDbContext> contexts, IOptions<SlackOptions> slack, IOptions<TeamsOptions> teams)
{
    public bool SlackOn => slack.Value.Enabled && !string.IsNullOrWhiteSpace(slack.Value.BotToken);

    public bool TeamsOn => teams.Value.Enabled;

    /// <summary>Whether the person can be reached in Teams (Slack can look anyone up by email).</summary>
    public async Task<bool> ReachableInTeamsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return TeamsOn && (await db.ChatIdentities.AnyAsync(i => i.UserId == userId && i.Medium == ChatMedium.Teams, cancellationToken)
            || await db.ContactMethods.AnyAsync(c => c.UserId == userId && c.Kind == ContactKind.Teams, cancellationToken));
    }

    public async Task<SendResult> ToPersonAsync(ChatMedium medium, string userId, ChatMessage message, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var identity = await db.ChatIdentities.AsNoTracking().Where(i => i.UserId == userId && i.Medium == medium).Select(i => i.ExternalId).FirstOrDefaultAsync(cancellationToken);
        var kind = medium == ChatMedium.Teams ? ContactKind.Teams : ContactKind.Slack;
        var contact = await db.ContactMethods.AsNoTracking().Where(c => c.UserId == userId && c.Kind == kind).Select(c => c.Address).FirstOrDefaultAsync(cancellationToken);
        var email = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        switch (medium)
        {
            case ChatMedium.Slack:
                var address = identity is { } slackId ? slackId[(slackId.IndexOf(':', StringComparison.Ordinal) + 1)..] : contact ?? email;
                return address is null ? new SendResult.Permanent("No Slack user for this person.") : await SlackAsync(address, dm: true, message, cancellationToken);
            case ChatMedium.Teams:
                var teamsAddress = identity ?? contact;
                return teamsAddress is null ? new SendResult.Permanent("No Teams user for this person.") : await TeamsAsync(teamsAddress, null, message, cancellationToken);
            case ChatMedium.Portal:
                return new SendResult.Permanent("The portal has no direct messages.");
        }

        return new SendResult.Permanent("Unknown medium.");
    }

    /// <summary>A team's channel: a Slack channel id or name, or a Teams channel id ("19:…").</summary>
    public Task<SendResult> ToChannelAsync(string channel, ChatMessage message, CancellationToken cancellationToken) =>
        channel.StartsWith("19:", StringComparison.Ordinal) ? TeamsAsync(null, channel, message, cancellationToken) : SlackAsync(channel.TrimStart('#'), dm: false, message, cancellationToken);

    private async Task<SendResult> SlackAsync(string address, bool dm, ChatMessage message, CancellationToken cancellationToken)
    {
        if (!SlackOn)
        {
            return new SendResult.Permanent("Slack is not connected.");
        }

        try
        {
            var api = services.GetRequiredService<SlackApi>();
            var channel = address;
            if (dm)
            {
                var member = address.Contains('@', StringComparison.Ordinal) ? await api.LookupByEmailAsync(address, cancellationToken) : address;
                if (member is null)
                {
                    return new SendResult.Permanent($"Slack has no user with the email {address}.");
                }

                channel = await api.OpenDirectMessageAsync(member, cancellationToken);
            }

            await api.PostMessageAsync(channel, $"{message.Title}: {message.Text}", SlackMessages.Message(message), null, cancellationToken);
            return SendResult.Ok;
        }
        catch (SlackApiException ex)
        {
            return ex.Code is "invalid_auth" or "not_authed" or "channel_not_found" or "users_not_found" or "user_not_found" or "not_in_channel" or "invalid_blocks"
                ? new SendResult.Permanent($"Slack: {ex.Code}")
                : new SendResult.Transient($"Slack: {ex.Code}");
        }
        catch (HttpRequestException ex)
        {
            return new SendResult.Transient($"Slack: {ex.Message}");
        }
    }

    private async Task<SendResult> TeamsAsync(string? personAddress, string? channelId, ChatMessage message, CancellationToken cancellationToken)
    {
        if (!TeamsOn)
        {
            return new SendResult.Permanent("Teams is not connected.");
        }

        try
        {
            var bot = services.GetRequiredService<TeamsBot>();
            var conversation = personAddress is not null
                ? await bot.PersonalConversationAsync(personAddress, cancellationToken)
                : await bot.ChannelConversationAsync(channelId!, cancellationToken);
            if (conversation is null)
            {
                return new SendResult.Permanent("The bot has not been installed in Teams (or in that team) yet.");
            }

            await services.GetRequiredService<TeamsConnector>().SendAsync(conversation.ServiceUrl, conversation.ConversationId, TeamsCards.MessageActivity(message), cancellationToken);
            return SendResult.Ok;
        }
        catch (TeamsConnectorException ex) when (ex.Status is 400 or 401 or 403 or 404)
        {
            return new SendResult.Permanent($"Teams: {ex.Status} {ex.Code}");
        }
        catch (Exception ex) when (ex is TeamsConnectorException or HttpRequestException)
        {
            return new SendResult.Transient($"Teams: {ex.Message}");
        }
    }
}
