using System.Collections.Concurrent;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Alerts.Ingest;

/// <summary>
/// Finds the live integration for a key without a database read on every event: answers (found or not, with the
/// integration's settings) are kept for a few seconds. Changes through this instance take effect at once; other
/// instances follow within the TTL.
/// </summary>
internal sealed class IntegrationKeys(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string Hash, IntegrationKind Kind), (Integration? Integration, DateTimeOffset Until)> cache = new();

    public async Task<Integration?> FindAsync(string key, IntegrationKind kind, CancellationToken cancellationToken)
    {
        var hash = Integration.Hash(key);
        var now = clock.GetUtcNow();
        if (cache.TryGetValue((hash, kind), out var hit) && hit.Until > now)
        {
            return hit.Integration;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var integration = await db.Integrations.AsNoTracking()
            .SingleOrDefaultAsync(i => i.KeyHash == hash && i.Kind == kind && i.RevokedAt == null, cancellationToken);
        cache[(hash, kind)] = (integration, now + Ttl);
        return integration;
    }

    public void Forget() => cache.Clear();
}
