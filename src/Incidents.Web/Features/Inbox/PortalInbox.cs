using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Inbox;

/// <summary>A person's portal inbox: what the bell shows.</summary>
internal sealed record InboxEntry(long Id, InboxKind Kind, string Subject, string? Link, long? IncidentId, DateTimeOffset At, bool Read)
{
    /// <summary>Whether the incident it is about still waits for someone to take it (the toast then offers Acknowledge).</summary>
    public bool AwaitsAcknowledgement { get; init; }
}

internal sealed record InboxView(int Unread, IReadOnlyList<InboxEntry> Latest)
{
    public static InboxView Empty { get; } = new(0, []);
}

/// <summary>Writes to and reads from people's inboxes. Writes in a transaction go through <see cref="Tell"/>; the rest through <see cref="PutAsync"/>.</summary>
internal sealed class PortalInbox(IDbContextFactory<IncidentsDbContext> contexts, InboxSignal signal, TimeProvider clock)
{
    public const int Shown = 20;

    /// <summary>Adds the item to <paramref name="db"/>'s unit of work, saved (or not) with the change it is about.</summary>
    public static void Tell(IncidentsDbContext db, InboxItem item) => db.Inbox.Add(item);

    /// <summary>Saves the item unless its key is already there (a repeat is not news); true when it is in the inbox.</summary>
    public async Task<bool> PutAsync(InboxItem item, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Inbox.AnyAsync(i => i.Key == item.Key, cancellationToken))
        {
            if (!await db.Users.AnyAsync(u => u.Id == item.UserId, cancellationToken))
            {
                return false;
            }

            db.Inbox.Add(item);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Written meanwhile by another sender of the same delivery: that row stands. Anything else is a failure.
                if (!await KeyExistsAsync(item.Key, cancellationToken))
                {
                    throw;
                }
            }
        }

        signal.Changed(item.UserId);
        return true;
    }

    public async Task<InboxView> ShowAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unread = await db.Inbox.CountAsync(i => i.UserId == userId && i.ReadAt == null, cancellationToken);
        var latest = await db.Inbox.AsNoTracking().Where(i => i.UserId == userId).OrderByDescending(i => i.Id).Take(Shown)
            .Select(i => new
            {
                i.Id,
                i.Kind,
                i.Subject,
                i.Link,
                i.IncidentId,
                i.CreatedAt,
                Read = i.ReadAt != null,
                Status = db.Incidents.Where(x => x.Id == i.IncidentId).Select(x => (IncidentStatus?)x.Status).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return new InboxView(unread, latest.Select(i => new InboxEntry(i.Id, i.Kind, i.Subject, i.Link, i.IncidentId, i.CreatedAt, i.Read)
        {
            AwaitsAcknowledgement = i.Status?.AwaitsAcknowledgement() == true,
        }).ToList());
    }

    /// <summary>Marks one item (or, with no id, all of them) read; only the person's own.</summary>
    public async Task<Outcome> MarkReadAsync(string userId, long? itemId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var items = db.Inbox.Where(i => i.UserId == userId && i.ReadAt == null);
        if (itemId is { } id)
        {
            items = items.Where(i => i.Id == id);
        }

        await items.ExecuteUpdateAsync(set => set.SetProperty(i => i.ReadAt, now), cancellationToken);
        signal.Changed(userId);
        return Outcome.Success;
    }

    private async Task<bool> KeyExistsAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Inbox.AnyAsync(i => i.Key == key, cancellationToken);
    }
}
