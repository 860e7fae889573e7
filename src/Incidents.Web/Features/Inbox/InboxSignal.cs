using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Inbox;

/// <summary>
/// Tells a person's open bells that their inbox changed, after the rows are saved. Only a hint to read again (the rows
/// are the truth, and a bell reads them when it opens), so a lost hint costs a refresh, never a notification.
/// In-process: one app instance; a backplane replaces it for several.
/// </summary>
internal sealed class InboxSignal
{
    private readonly ConcurrentDictionary<string, ImmutableList<Action>> listeners = new(StringComparer.Ordinal);

    public IDisposable Listen(string userId, Action changed)
    {
        listeners.AddOrUpdate(userId, _ => [changed], (_, list) => list.Add(changed));
        return new Subscription(() => listeners.AddOrUpdate(userId, _ => [], (_, list) => list.Remove(changed)));
    }

    public void Changed(string userId)
    {
        if (listeners.TryGetValue(userId, out var list))
        {
            foreach (var changed in list)
            {
                changed();
            }
        }
    }

    /// <summary>After a commit: everyone whose inbox rows the context wrote hears of it.</summary>
    public void ChangedIn(DbContext db)
    {
        foreach (var userId in db.ChangeTracker.Entries<InboxItem>().Select(e => e.Entity.UserId).Distinct())
        {
            Changed(userId);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref dispose, null)?.Invoke();
    }
}
