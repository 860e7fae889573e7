using Incidents.Web.Features.IncidentManagement;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.OnCall.Paging;

/// <summary>
/// Drives the paging outbox: every tick (or at once when woken) it runs due escalation steps, then sends due
/// notifications. Several instances may run it against one database; claims keep each step and send single.
/// Acknowledging or resolving stops escalation in the change's own transaction; the dispatcher also listens for
/// incident changes as a safety net, off the writer's path.
/// </summary>
internal sealed partial class PagingDispatcher(
    RunEscalationSteps steps,
    SendNotifications notifications,
    StopEscalation stop,
    IIncidentNotifier incidents,
    PagingSignal signal,
    IOptions<PagingOptions> options,
    ILogger<PagingDispatcher> logger) : BackgroundService
{
    /// <summary>One pass: due steps, then due notifications (what the steps just created included).</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await steps.HandleAsync(cancellationToken);
        await notifications.HandleAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the publisher's path (each subscriber has its own queue); the stop itself was committed with the change.
        using var subscription = incidents.Subscribe(change => stop.HandleAsync(change, stoppingToken));
        if (!options.Value.RunDispatcher)
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        var tick = TimeSpan.FromMilliseconds(Math.Clamp(options.Value.TickMilliseconds, 10, 1000));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                await signal.WaitAsync(tick, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable; due rows stay due and the next tick picks them up.
                LogTickFailed(logger, ex);
                await Task.Delay(tick, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A paging dispatcher tick failed; retrying")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
