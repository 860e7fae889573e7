using System.Threading.Channels;
using Incidents.Domain.Incidents;

namespace Incidents.Web.Features.IncidentManagement;

/// <summary>An incident changed: open views of it (and of the list) refresh.</summary>
/// <summary>What kind of change an incident went through, so listeners choose by type, not by comparing strings.</summary>
internal enum IncidentChangeKind
{
    /// <summary>A person logged it.</summary>
    Opened,
    /// <summary>A person acted on it in the portal, in chat or through the API (<see cref="IncidentChanged.Action"/> says how).</summary>
    Acted,
    /// <summary>Monitoring opened, acknowledged or resolved it.</summary>
    Monitoring,
    /// <summary>Only its alerts changed (joined, repeated, one resolved); its status and fields did not.</summary>
    AlertsOnly,
    /// <summary>Pages, escalation steps and deliveries.</summary>
    Paging,
    /// <summary>Linked to or unlinked from a problem, or the problem's known error changed.</summary>
    Problem,
    /// <summary>Its postmortem was opened.</summary>
    Postmortem,
    /// <summary>An SLA deadline passed.</summary>
    Sla,
}

internal sealed record IncidentChanged(long IncidentId, int Version, string ChangedBy, IncidentChangeKind Kind, IncidentAction? Action = null);

/// <summary>
/// Publishes incident changes to every open view. The in-process implementation serves one app instance;
/// a cross-instance backplane (Redis, SQL Server broker, SignalR) replaces it behind this interface.
/// </summary>
internal interface IIncidentNotifier
{
    Task PublishAsync(IncidentChanged change);

    IDisposable Subscribe(Func<IncidentChanged, Task> onChange);
}

/// <summary>
/// Publishing never runs subscriber work on the writer's path: <see cref="PublishAsync"/> only hands the change to each
/// subscriber's own bounded queue and returns; each subscriber works through its queue on its own, so a slow view
/// (or a stuck one) delays only itself. A subscriber that falls 10,000 changes behind loses the oldest (logged).
/// </summary>
internal sealed partial class InProcessIncidentNotifier(ILogger<InProcessIncidentNotifier> logger) : IIncidentNotifier
{
    private const int QueuePerSubscriber = 10_000;

    private readonly Lock gate = new();
    private readonly ILogger logger = logger;
    private IReadOnlyList<Subscriber> subscribers = [];

    public Task PublishAsync(IncidentChanged change)
    {
        foreach (var subscriber in subscribers)
        {
            subscriber.Offer(change);
        }

        return Task.CompletedTask;
    }

    public IDisposable Subscribe(Func<IncidentChanged, Task> onChange)
    {
        var subscriber = new Subscriber(onChange, this);
        lock (gate)
        {
            subscribers = [.. subscribers, subscriber];
        }

        return subscriber;
    }

    private void Remove(Subscriber subscriber)
    {
        lock (gate)
        {
            subscribers = subscribers.Where(s => s != subscriber).ToList();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A view failed to handle the change of incident {IncidentId}")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception, long incidentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber to incident changes is {Count} changes behind; the oldest are dropped")]
    private static partial void LogDropped(ILogger logger, int count);

    private sealed class Subscriber : IDisposable
    {
        private readonly Channel<IncidentChanged> queue;
        private readonly InProcessIncidentNotifier owner;
        private int dropped;

        public Subscriber(Func<IncidentChanged, Task> onChange, InProcessIncidentNotifier owner)
        {
            this.owner = owner;
            queue = Channel.CreateBounded<IncidentChanged>(
                new BoundedChannelOptions(QueuePerSubscriber) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => Interlocked.Increment(ref dropped));
            _ = Task.Run(async () =>
            {
                await foreach (var change in queue.Reader.ReadAllAsync())
                {
                    if (Interlocked.Exchange(ref dropped, 0) is > 0 and var count)
                    {
                        LogDropped(owner.logger, count);
                    }

                    try
                    {
                        await onChange(change);
                    }
                    catch (Exception ex)
                    {
                        // One broken view must not stop it from hearing about the next change.
                        LogSubscriberFailed(owner.logger, ex, change.IncidentId);
                    }
                }
            });
        }

        public void Offer(IncidentChanged change) => queue.Writer.TryWrite(change);

        public void Dispose()
        {
            owner.Remove(this);
            queue.Writer.TryComplete();
        }
    }
}
