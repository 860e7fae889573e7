using Incidents.Domain.Access;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Users.List;

public sealed record UserRow(
    string Id,
    string Email,
    string DisplayName,
    IReadOnlyList<Role> Roles,
    bool IsDisabled,
    bool InvitationPending,
    DateTimeOffset CreatedAt);

internal sealed class ListUsers(IDbContextFactory<IncidentsDbContext> contexts)
{
    public async Task<IReadOnlyList<UserRow>> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking()
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.IsDisabled, u.InvitationAcceptedAt, u.CreatedAt })
            .ToListAsync(cancellationToken);
        var memberships = await db.UserRoles.AsNoTracking()
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var rolesByUser = memberships.ToLookup(m => m.UserId, m => m.Name);

        return users.Select(u => new UserRow(
                u.Id,
                u.Email ?? "",
                u.DisplayName,
                rolesByUser[u.Id].Select(n => Domain.Access.Roles.TryParse(n, out var r) ? (Role?)r : null)
                    .OfType<Role>().Order().ToList(),
                u.IsDisabled,
                u.InvitationAcceptedAt is null,
                u.CreatedAt))
            .ToList();
    }
}
