namespace Incidents.Web.Features.IncidentManagement;

/// <summary>An incident changed: open views of it (and of the list) refresh.</summary>
public sealed record IncidentChanged(long IncidentId, int Version, string ChangedBy, string What);

/// <summary>
/// Publishes incident changes to every open view. The in-process implementation serves one app instance;
/// a cross-instance backplane (Redis, SQL Server broker, SignalR) replaces it behind this interface.
/// </summary>
public interface IIncidentNotifier
{
    Task PublishAsync(IncidentChanged change);

    IDisposable Subscribe(Func<IncidentChanged, Task> onChange);
}

internal sealed partial class InProcessIncidentNotifier(ILogger<InProcessIncidentNotifier> logger) : IIncidentNotifier
{
    private readonly Lock gate = new();
    private ImmutableSubscribers subscribers = ImmutableSubscribers.Empty;

    public async Task PublishAsync(IncidentChanged change)
    {
        foreach (var subscriber in subscribers.Items)
        {
            try
            {
                await subscriber(change);
            }
            catch (Exception ex)
            {
                // One broken view must not stop the others from hearing about the change.
                LogSubscriberFailed(logger, ex, change.IncidentId);
            }
        }
    }

    public IDisposable Subscribe(Func<IncidentChanged, Task> onChange)
    {
        lock (gate)
        {
            subscribers = subscribers.Add(onChange);
        }

        return new Subscription(() =>
        {
            lock (gate)
            {
                subscribers = subscribers.Remove(onChange);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A view failed to handle the change of incident {IncidentId}")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception, long incidentId);

    private sealed record ImmutableSubscribers(IReadOnlyList<Func<IncidentChanged, Task>> Items)
    {
        public static ImmutableSubscribers Empty { get; } = new([]);

        public ImmutableSubscribers Add(Func<IncidentChanged, Task> item) => new([.. Items, item]);

        public ImmutableSubscribers Remove(Func<IncidentChanged, Task> item) => new(Items.Where(i => i != item).ToList());
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref dispose, null)?.Invoke();
    }
}
