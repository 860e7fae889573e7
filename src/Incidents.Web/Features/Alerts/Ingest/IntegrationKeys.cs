using System.Collections.Concurrent;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Alerts.Ingest;

/// <summary>
/// Finds the live integration for a key without a database read on every event: answers (found or not) are kept
/// for a few seconds. Revoking through this instance takes effect at once; other instances follow within the TTL.
/// </summary>
public sealed class IntegrationKeys(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string Hash, IntegrationKind Kind), (long? Id, DateTimeOffset Until)> cache = new();

    public async Task<long?> FindAsync(string key, IntegrationKind kind, CancellationToken cancellationToken)
    {
        var hash = Integration.Hash(key);
        var now = clock.GetUtcNow();
        if (cache.TryGetValue((hash, kind), out var hit) && hit.Until > now)
        {
            return hit.Id;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await db.Integrations.AsNoTracking()
            .Where(i => i.KeyHash == hash && i.Kind == kind && i.RevokedAt == null)
            .Select(i => (long?)i.Id)
            .SingleOrDefaultAsync(cancellationToken);
        cache[(hash, kind)] = (id, now + Ttl);
        return id;
    }

    public void Forget() => cache.Clear();
}
