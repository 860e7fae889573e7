using System.Security.Cryptography;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary>
/// Who a chat user is: the portal profile issues a one-time code, and <c>link &lt;code&gt;</c> typed in Slack or Teams
/// ties that chat user to the person.
/// </summary>
internal sealed class ChatIdentityLinks(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(15);

    /// <summary>A fresh code for the person's profile; earlier codes stop working.</summary>
    public async Task<string> IssueCodeAsync(string userId, CancellationToken cancellationToken = default)
    {
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChatLinkCodes.RemoveRange(db.ChatLinkCodes.Where(c => c.UserId == userId));
        db.ChatLinkCodes.Add(new ChatLinkCode { Code = code, UserId = userId, ExpiresAt = clock.GetUtcNow() + CodeLifetime });
        await db.SaveChangesAsync(cancellationToken);
        return code;
    }

    /// <summary>Links <paramref name="externalId"/> in <paramref name="medium"/> to the person the code was issued to (once).</summary>
    public async Task<ChatReply> LinkAsync(ChatMedium medium, string? externalId, string code, CancellationToken cancellationToken)
    {
        if (medium == ChatMedium.Portal || string.IsNullOrEmpty(externalId))
        {
            return new ChatReply("You are signed in to the portal already; `link` is for Slack and Teams.", Ok: false);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.ChatLinkCodes.SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (found is null || found.ExpiresAt < clock.GetUtcNow())
        {
            return new ChatReply("That code is unknown or expired. Your portal profile shows a fresh one.", Ok: false);
        }

        db.ChatLinkCodes.Remove(found);
        db.ChatIdentities.RemoveRange(db.ChatIdentities.Where(i => i.Medium == medium && i.ExternalId == externalId));
        db.ChatIdentities.Add(new ChatIdentity { Medium = medium, ExternalId = externalId, UserId = found.UserId, LinkedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        var name = await db.Users.Where(u => u.Id == found.UserId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        return new ChatReply($"Linked: you are {name} here now.");
    }
}
