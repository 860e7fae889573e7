using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Chat;

/// <summary>Finds the person behind a chat user: a linked identity, or (when the medium tells us) their email.</summary>
internal sealed class ChatPeople(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public async Task<ChatPerson?> FindAsync(ChatMedium medium, string externalId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userId = await db.ChatIdentities.Where(i => i.Medium == medium && i.ExternalId == externalId).Select(i => i.UserId).SingleOrDefaultAsync(cancellationToken);
        return userId is null ? null : await PersonAsync(db, userId, cancellationToken);
    }

    /// <summary>Links a chat user to the enabled person with this email (from Slack's users.lookupByEmail or Teams' profile).</summary>
    public async Task<ChatPerson?> LinkByEmailAsync(ChatMedium medium, string externalId, string email, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var normalized = email.Trim().ToUpperInvariant();
        var userId = await db.Users.Where(u => u.NormalizedEmail == normalized && !u.IsDisabled).Select(u => u.Id).SingleOrDefaultAsync(cancellationToken);
        if (userId is null)
        {
            return null;
        }

        db.ChatIdentities.Add(new ChatIdentity { Medium = medium, ExternalId = externalId, UserId = userId, LinkedAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Linked a moment ago by another request.
        }

        return await PersonAsync(db, userId, cancellationToken);
    }

    private static async Task<ChatPerson?> PersonAsync(IncidentsDbContext db, string userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && !u.IsDisabled).Select(u => new { u.Id, u.DisplayName, u.Email }).SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await Users.PersonRoles.OfAsync(db, userId, cancellationToken);
        return new ChatPerson(user.Id, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? user.Id : user.DisplayName, roles);
    }
}
