using Incidents.Domain.Access;
using Microsoft.AspNetCore.Identity;

namespace Incidents.Web.Features.Users;

/// <summary>The portal must always keep one enabled Admin, or nobody could manage it again.</summary>
internal static class AdminGuard
{
    public static async Task<bool> IsLastEnabledAdminAsync(UserManager<ApplicationUser> users, ApplicationUser user)
    {
        if (user.IsDisabled || !await users.IsInRoleAsync(user, nameof(Role.Admin)))
        {
            return false;
        }

        var admins = await users.GetUsersInRoleAsync(nameof(Role.Admin));
        return admins.Count(a => !a.IsDisabled) <= 1;
    }
}
