using System.Threading.Channels;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.Chat.Commands;
using Incidents.Web.Features.Chat.Slack;
using Incidents.Web.Features.Chat.Teams;
using Incidents.Web.Features.IncidentManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat;

/// <summary>
/// Keeps Slack and Teams in step with incidents: every card the bot posted is updated in place when its incident
/// changes anywhere (portal, API, chat, monitoring), and a new SEV1–SEV2 incident is posted to its team's channel
/// (a Slack channel id, or a Teams channel id "19:…").
/// Runs off the publisher's thread; changes to one incident in quick succession are coalesced.
/// </summary>
public sealed partial class ChatCards(
    IIncidentNotifier notifier,
    IServiceProvider services,
    IDbContextFactory<IncidentsDbContext> contexts,
    IOptions<SlackOptions> slackOptions,
    IOptions<TeamsOptions> teamsOptions,
    ILogger<ChatCards> logger) : BackgroundService
{
    private readonly Channel<IncidentChanged> changes = Channel.CreateUnbounded<IncidentChanged>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var slackOn = slackOptions.Value.Enabled && !string.IsNullOrWhiteSpace(slackOptions.Value.BotToken);
        var teamsOn = teamsOptions.Value.Enabled;
        if (!slackOn && !teamsOn)
        {
            return;
        }

        // Paging activity does not change what a card shows.
        using var subscription = notifier.Subscribe(change =>
        {
            if (change.What != "Paging")
            {
                changes.Writer.TryWrite(change);
            }

            return Task.CompletedTask;
        });
        while (await changes.Reader.WaitToReadAsync(stoppingToken))
        {
            var batch = new Dictionary<long, IncidentChanged>();
            while (changes.Reader.TryRead(out var change))
            {
                batch[change.IncidentId] = batch.TryGetValue(change.IncidentId, out var seen) && seen.What is "Opened" or "Alert" ? seen : change;
            }

            foreach (var change in batch.Values)
            {
                try
                {
                    await PostToTeamAsync(change, slackOn, teamsOn, stoppingToken);
                    if (slackOn)
                    {
                        await services.GetRequiredService<SlackBot>().RefreshCardsAsync(change.IncidentId, stoppingToken);
                    }

                    if (teamsOn)
                    {
                        await services.GetRequiredService<TeamsBot>().RefreshCardsAsync(change.IncidentId, stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex, change.IncidentId);
                }
            }
        }
    }

    private async Task PostToTeamAsync(IncidentChanged change, bool slackOn, bool teamsOn, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().Where(i => i.Id == change.IncidentId)
            .Join(db.Services, i => i.ServiceId, s => s.Id, (i, s) => new { i.Severity, i.Status, s.TeamId })
            .Join(db.Teams, x => x.TeamId, t => t.Id, (x, t) => new { x.Severity, x.Status, t.ChatChannel })
            .SingleOrDefaultAsync(cancellationToken);
        if (incident is not { Severity: <= Severity.Sev2, ChatChannel: { Length: > 0 } channel } || !incident.Status.IsOpen()
            || await db.ChatMessages.AnyAsync(m => m.IncidentId == change.IncidentId && m.Purpose == "team", cancellationToken))
        {
            return;
        }

        var card = await services.GetRequiredService<RunChatCommand>().IncidentAsync(change.IncidentId, cancellationToken);
        if (card is null)
        {
            return;
        }

        if (channel.StartsWith("19:", StringComparison.Ordinal))
        {
            // Posting to the channel's conversation id starts a new thread there; the serviceUrl comes from the team's activities.
            var bot = services.GetRequiredService<TeamsBot>();
            if (teamsOn && await bot.ChannelConversationAsync(channel, cancellationToken) is { } target)
            {
                await bot.PostCardAsync(target, card, $"New {card.Severity.Label()} incident", "team", cancellationToken);
            }
        }
        else if (slackOn)
        {
            await services.GetRequiredService<SlackBot>().PostCardAsync(channel.TrimStart('#'), card, $":rotating_light: New {card.Severity.Label()} incident", "team", cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keeping chat up to date with incident {IncidentId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long incidentId);
}
