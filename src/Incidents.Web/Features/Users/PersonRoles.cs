using Incidents.Domain.Access;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Users;

/// <summary>The roles people hold, read from Identity's tables in one query (names that are not a <see cref="Role"/> are ignored).</summary>
internal static class PersonRoles
{
    /// <summary>Each person's roles; a person without any is absent.</summary>
    public static async Task<Dictionary<string, List<Role>>> OfAsync(IncidentsDbContext db, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var rows = await db.UserRoles.Where(r => userIds.Contains(r.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        return rows.Select(r => (r.UserId, Role: Roles.TryParse(r.Name, out var role) ? (Role?)role : null))
            .Where(r => r.Role is not null)
            .GroupBy(r => r.UserId)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Role!.Value).ToList());
    }

    public static async Task<List<Role>> OfAsync(IncidentsDbContext db, string userId, CancellationToken cancellationToken) =>
        (await OfAsync(db, [userId], cancellationToken)).GetValueOrDefault(userId) ?? [];
}
