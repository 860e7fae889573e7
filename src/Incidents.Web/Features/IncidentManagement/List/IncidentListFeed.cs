using System.Collections.Concurrent;

namespace Incidents.Web.Features.IncidentManagement.List;

/// <summary>
/// What open lists refresh from when incidents change: views showing the same list share one query. Each change moves
/// <see cref="Generation"/> on; a view asks for a page at least as new as the generation it was told about, and a query
/// started at or after that generation serves every view that asks, so a storm does not multiply database reads by the
/// number of people watching.
/// </summary>
internal sealed class IncidentListFeed : IDisposable
{
    private const int MaxKeys = 500;

    private readonly ListIncidents list;
    private readonly IDisposable subscription;
    private readonly ConcurrentDictionary<string, (long Generation, Task<IncidentListPage> Page)> pages = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private Action[] listeners = [];
    private long generation;

    public IncidentListFeed(ListIncidents list, IIncidentNotifier notifier)
    {
        this.list = list;
        subscription = notifier.Subscribe(change =>
        {
            if (!ChangesRows(change.Kind))
            {
                return Task.CompletedTask;
            }

            // The generation moves first, so a view told of the change never gets a page from before it.
            Interlocked.Increment(ref generation);
            foreach (var listener in listeners)
            {
                listener();
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Whether a change can alter what a list row shows (title, severity, status, commander, SLA). Alerts joining and
    /// repeating, pages, problem links and postmortems do not, so a storm of alerts into open incidents refreshes no list.
    /// </summary>
    public static bool ChangesRows(IncidentChangeKind kind) => kind switch
    {
        IncidentChangeKind.Opened or IncidentChangeKind.Acted or IncidentChangeKind.Monitoring or IncidentChangeKind.Sla => true,
        IncidentChangeKind.AlertsOnly or IncidentChangeKind.Paging or IncidentChangeKind.Problem or IncidentChangeKind.Postmortem => false,
    };

    /// <summary>
    /// <paramref name="changed"/> runs on every incident change; it must only note that a refresh is due (a
    /// <see cref="Infrastructure.CoalescedRefresh"/>), never read anything itself.
    /// </summary>
    public IDisposable Listen(Action changed)
    {
        lock (gate)
        {
            listeners = [.. listeners, changed];
        }

        return new Listening(() =>
        {
            lock (gate)
            {
                listeners = listeners.Where(l => l != changed).ToArray();
            }
        });
    }

    /// <summary>How many incident changes this instance has heard of.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>The page for <paramref name="query"/>, from a query that started after every change heard so far.</summary>
    public Task<IncidentListPage> PageAsync(IncidentQuery query, string? viewerId)
    {
        var wanted = Generation;
        var key = query.ToQueryString() + (query.Mine ? "|" + viewerId : "");
        var entry = pages.AddOrUpdate(
            key,
            _ => (wanted, list.HandleAsync(query, viewerId)),
            (_, seen) => seen.Generation >= wanted && !seen.Page.IsFaulted && !seen.Page.IsCanceled ? seen : (wanted, list.HandleAsync(query, viewerId)));
        if (pages.Count > MaxKeys)
        {
            pages.Clear();
        }

        return entry.Page;
    }

    public void Dispose() => subscription.Dispose();

    private sealed class Listening(Action stop) : IDisposable
    {
        private Action? stop = stop;

        public void Dispose() => Interlocked.Exchange(ref stop, null)?.Invoke();
    }
}
