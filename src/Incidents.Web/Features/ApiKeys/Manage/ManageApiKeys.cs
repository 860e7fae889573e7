using Incidents.Domain;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.ApiKeys.Manage;

internal sealed record ApiKeyRow(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>A person's own API keys: list, create (the key is returned once), revoke.</summary>
internal sealed class ManageApiKeys(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().Where(k => k.UserId == userId)
            .OrderByDescending(k => k.Id)
            .Select(k => new ApiKeyRow(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<(Outcome Outcome, string? Key)> CreateAsync(Actor owner, string name, CancellationToken cancellationToken = default)
    {
        if (owner.Id is null)
        {
            return (Outcome.Invalid("Only people have API keys."), null);
        }

        name = name.Trim();
        if (name.Length is 0 or > 100)
        {
            return (Outcome.Invalid("Name the key (at most 100 characters), e.g. \"deploy script\"."), null);
        }

        var (key, prefix, hash) = ApiKey.Generate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ActingAs(owner).ApiKeys.Add(new ApiKey
        {
            UserId = owner.Id,
            Name = name,
            Prefix = prefix,
            KeyHash = hash,
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return (Outcome.Success, key);
    }

    public async Task<Outcome> RevokeAsync(Actor owner, long keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ActingAs(owner).ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.UserId == owner.Id, cancellationToken);
        if (key is null)
        {
            return Outcome.NotFound("No such key.");
        }

        key.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }
}
