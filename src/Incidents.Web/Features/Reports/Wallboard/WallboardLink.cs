using System.Security.Cryptography;
using System.Text;
using Incidents.Domain;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Reports.Wallboard;

/// <summary>
/// A read-only link to the wallboard for a screen nobody signs in on: <c>/wallboard/wb_&lt;secret&gt;</c>. Only a
/// SHA-256 hash of the token is stored (the link is shown once); it shows the wallboard and nothing else, and an Admin
/// can revoke it.
/// </summary>
public sealed class WallboardLink
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>SHA-256 of the token (named like the API keys' so the audit trail leaves it out).</summary>
    public required string KeyHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedByName { get; set; } = "";

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public const string TokenPrefix = "wb_";

    public static (string Token, string Hash) Generate()
    {
        var token = TokenPrefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether a string can be a token at all (checked before any lookup).</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 46 } && token.StartsWith(TokenPrefix, StringComparison.Ordinal) && token.Skip(3).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

internal sealed class WallboardLinkConfiguration : IEntityTypeConfiguration<WallboardLink>
{
    public void Configure(EntityTypeBuilder<WallboardLink> builder)
    {
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.Property(l => l.KeyHash).HasMaxLength(64);
        builder.Property(l => l.CreatedByName).HasMaxLength(200);
        builder.HasIndex(l => l.KeyHash).IsUnique();
    }
}

public sealed record WallboardLinkRow(long Id, string Name, DateTimeOffset CreatedAt, string CreatedByName, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Creating, listing, revoking and checking wallboard links (who may: <see cref="Domain.Access.Permission.ShareWallboard"/>, checked by the page).</summary>
internal sealed class ManageWallboardLinks(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public const int MaxActive = 50;

    public async Task<IReadOnlyList<WallboardLinkRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.WallboardLinks.AsNoTracking().OrderBy(l => l.RevokedAt != null).ThenByDescending(l => l.Id)
            .Select(l => new WallboardLinkRow(l.Id, l.Name, l.CreatedAt, l.CreatedByName, l.LastUsedAt, l.RevokedAt)).ToListAsync(cancellationToken);
    }

    /// <summary>A new link; the token comes back once and is never stored.</summary>
    public async Task<(Outcome Outcome, string? Token)> CreateAsync(string? name, Actor by, CancellationToken cancellationToken = default)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > 100)
        {
            return (Outcome.Invalid("Name the screen (at most 100 characters), e.g. \"Ops room TV\"."), null);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.WallboardLinks.CountAsync(l => l.RevokedAt == null, cancellationToken) >= MaxActive)
        {
            return (Outcome.Conflict($"There are already {MaxActive} active wallboard links; revoke one first."), null);
        }

        var (token, hash) = WallboardLink.Generate();
        db.ActingAs(by).WallboardLinks.Add(new WallboardLink { Name = trimmed, KeyHash = hash, CreatedAt = clock.GetUtcNow(), CreatedByName = by.Name });
        await db.SaveChangesAsync(cancellationToken);
        return (Outcome.Success, token);
    }

    public async Task<Outcome> RevokeAsync(long id, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var link = await db.ActingAs(by).WallboardLinks.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (link is null)
        {
            return Outcome.NotFound("That wallboard link does not exist.");
        }

        if (link.RevokedAt is null)
        {
            link.RevokedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        return Outcome.Success;
    }

    /// <summary>Whether a token opens the wallboard: well formed, known, not revoked. Its last use is kept to the hour.</summary>
    public async Task<bool> OpensAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!WallboardLink.LooksLikeToken(token))
        {
            return false;
        }

        var hash = WallboardLink.Hash(token!);
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var link = await db.WallboardLinks.AsNoTracking().Where(l => l.KeyHash == hash && l.RevokedAt == null)
            .Select(l => new { l.Id, l.LastUsedAt }).SingleOrDefaultAsync(cancellationToken);
        if (link is null)
        {
            return false;
        }

        if (link.LastUsedAt is not { } used || now - used > TimeSpan.FromHours(1))
        {
            await db.WallboardLinks.Where(l => l.Id == link.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.LastUsedAt, now), cancellationToken);
        }

        return true;
    }
}
