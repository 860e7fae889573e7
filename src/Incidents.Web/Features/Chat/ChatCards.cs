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
/// Runs off the publisher's thread; changes to one incident in quick succession are coalesced. Team posts are also
/// recomputed by a sweep (at start-up, then every minute) from the database: an incident whose change this instance
/// never heard of (a crash right after its commit, another instance) is still posted, once.
/// </summary>
internal sealed partial class ChatCards(
    IIncidentNotifier notifier,
    IServiceProvider services,
    IDbContextFactory<IncidentsDbContext> contexts,
    IOptions<SlackOptions> slackOptions,
    IOptions<TeamsOptions> teamsOptions,
    TimeProvider clock,
    ILogger<ChatCards> logger) : BackgroundService
{
    private readonly Channel<IncidentChanged> changes = Channel.CreateUnbounded<IncidentChanged>();

    /// <summary>How far back the sweep looks for SEV1–SEV2 incidents that were never posted to their team.</summary>
    public static readonly TimeSpan SweepWindow = TimeSpan.FromHours(24);

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
            if (change.Kind != IncidentChangeKind.Paging)
            {
                changes.Writer.TryWrite(change);
            }

            return Task.CompletedTask;
        });
        // The sweep runs in this loop (a marker in the queue), never beside a post of the same incident.
        _ = SweepTimerAsync(stoppingToken);
        while (await changes.Reader.WaitToReadAsync(stoppingToken))
        {
            var batch = new Dictionary<long, IncidentChanged>();
            var sweep = false;
            while (changes.Reader.TryRead(out var change))
            {
                if (change.IncidentId == SweepMarker.IncidentId)
                {
                    sweep = true;
                    continue;
                }

                batch[change.IncidentId] = batch.TryGetValue(change.IncidentId, out var seen) && seen.Kind is IncidentChangeKind.Opened or IncidentChangeKind.Monitoring ? seen : change;
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

            if (sweep)
            {
                try
                {
                    await SweepAsync(slackOn, teamsOn, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(logger, ex);
                }
            }
        }
    }

    private static readonly IncidentChanged SweepMarker = new(0, 0, "sweep", IncidentChangeKind.Opened);

    private async Task SweepTimerAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested && changes.Writer.TryWrite(SweepMarker))
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Open SEV1–SEV2 incidents of the last day whose team has a channel and that were not posted there yet.</summary>
    private async Task SweepAsync(bool slackOn, bool teamsOn, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - SweepWindow;
        var open = IncidentStatuses.Open;
        List<long> missing;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            missing = await db.Incidents.AsNoTracking()
                // The domain's rule (Incident.PostsToTeamChannel) in a form the database runs.
                .Where(i => i.Severity <= Incident.TeamChannelAtOrAbove && open.Contains(i.Status) && i.TriggeredAt >= since)
                .Join(db.Services, i => i.ServiceId, s => s.Id, (i, s) => new { i.Id, s.TeamId })
                .Join(db.Teams.Where(t => t.ChatChannel != null && t.ChatChannel != ""), x => x.TeamId, t => t.Id, (x, _) => x.Id)
                .Where(id => !db.ChatMessages.Any(m => m.IncidentId == id && m.Purpose == "team"))
                .Take(100).ToListAsync(cancellationToken);
        }

        foreach (var id in missing)
        {
            await PostToTeamAsync(new IncidentChanged(id, 0, "sweep", IncidentChangeKind.Opened), slackOn, teamsOn, cancellationToken);
        }
    }

    private async Task PostToTeamAsync(IncidentChanged change, bool slackOn, bool teamsOn, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().Where(i => i.Id == change.IncidentId)
            .Join(db.Services, i => i.ServiceId, s => s.Id, (i, s) => new { i.Severity, i.Status, s.TeamId })
            .Join(db.Teams, x => x.TeamId, t => t.Id, (x, t) => new { x.Severity, x.Status, t.ChatChannel })
            .SingleOrDefaultAsync(cancellationToken);
        if (incident is not { ChatChannel: { Length: > 0 } channel } || !Incident.PostsToTeamChannel(incident.Severity, incident.Status)
            || await db.ChatMessages.AnyAsync(m => m.IncidentId == change.IncidentId && m.Purpose == "team", cancellationToken))
        {
            return;
        }

        var card = await services.GetRequiredService<ChatIncidents>().FindAsync(change.IncidentId, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep for incidents not yet posted to their team's channel failed; retrying in a minute")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keeping chat up to date with incident {IncidentId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long incidentId);
}
