using System.Text.Json.Nodes;
using System.Threading.Channels;
using Incidents.Web.Data;
using Incidents.Web.Features.Chat.Slack;
using Incidents.Web.Features.Chat.Teams;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Chat;

/// <summary>
/// Works through stored chat requests after they were acknowledged (chat platforms want an answer within 3 s).
/// Requests stored but not processed when the app stopped are processed when it starts again.
/// </summary>
internal sealed partial class ChatInbox(IDbContextFactory<IncidentsDbContext> contexts, IServiceProvider services, TimeProvider clock, ILogger<ChatInbox> logger)
    : BackgroundService
{
    private readonly Channel<long> queue = Channel.CreateUnbounded<long>();

    /// <summary>Stores a request; false when its key was seen before (a retry), which is then not acted on again.</summary>
    public async Task<bool> AcceptAsync(ChatMedium medium, string key, string kind, string payload, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // A retry is the common duplicate: recognised by a read, not by a failed insert (which EF logs as an error).
        if (await db.ChatInbound.AnyAsync(i => i.Medium == medium && i.Key == key, cancellationToken))
        {
            return false;
        }

        var row = new ChatInbound { Medium = medium, Key = key, Kind = kind, Payload = payload, ReceivedAt = clock.GetUtcNow() };
        db.ChatInbound.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same retry arriving twice at once: the unique key let one in.
            return false;
        }

        queue.Writer.TryWrite(row.Id);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(stoppingToken))
        {
            foreach (var id in await db.ChatInbound.Where(i => i.ProcessedAt == null).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(stoppingToken))
            {
                queue.Writer.TryWrite(id);
            }
        }

        // Several at once: one slow chat request (a page to many people) must not hold up the next button press.
        await Parallel.ForEachAsync(queue.Reader.ReadAllAsync(stoppingToken), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = stoppingToken }, async (id, token) =>
        {
            try
            {
                await ProcessAsync(id, token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex, id);
            }
        });
    }

    /// <summary>
    /// Takes the request for this process: one conditional UPDATE, so of two instances (or a start-up scan racing the
    /// live queue) exactly one wins. Claimed first: a request that fails half-way is not repeated (a second acknowledge
    /// or page would surprise more than a lost reply).
    /// </summary>
    public async Task<bool> TryClaimAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return await db.ChatInbound.Where(i => i.Id == id && i.ProcessedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.ProcessedAt, now), cancellationToken) == 1;
    }

    private async Task ProcessAsync(long id, CancellationToken cancellationToken)
    {
        if (!await TryClaimAsync(id, cancellationToken))
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ChatInbound.AsNoTracking().SingleAsync(i => i.Id == id, cancellationToken);
        var payload = JsonNode.Parse(row.Payload)!;
        switch ((row.Medium, row.Kind))
        {
            case (ChatMedium.Slack, "event"):
                await services.GetRequiredService<SlackBot>().HandleEventAsync(payload, cancellationToken);
                break;
            case (ChatMedium.Slack, "interaction"):
                await services.GetRequiredService<SlackBot>().HandleInteractionAsync(payload, cancellationToken);
                break;
            case (ChatMedium.Teams, "message"):
                await services.GetRequiredService<TeamsBot>().HandleMessageAsync(payload, cancellationToken);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat request {Id} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long id);
}
