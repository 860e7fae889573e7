using Incidents.Domain;
using Incidents.Domain.Access;

namespace Incidents.Web.Features.Users.ChangeRoles;

internal sealed partial class ChangeUserRoles(UserManagers managers, ILogger<ChangeUserRoles> logger)
{
    public async Task<Outcome> HandleAsync(string userId, IReadOnlyCollection<Role> roles, CancellationToken cancellationToken = default)
    {
        await using var lease = managers.Open();
        var users = lease.Users;
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome.NotFound("No such person.");
        }

        if (roles.Count == 0)
        {
            return Outcome.Invalid("Choose at least one role; disable the person instead to take all access away.");
        }

        var wanted = roles.Select(r => r.ToString()).ToHashSet(StringComparer.Ordinal);
        var current = (await users.GetRolesAsync(user)).ToHashSet(StringComparer.Ordinal);
        if (current.Contains(nameof(Role.Admin)) && !wanted.Contains(nameof(Role.Admin))
            && await AdminGuard.IsLastEnabledAdminAsync(users, user))
        {
            return Outcome.Conflict("This is the last enabled Admin; make someone else Admin first.");
        }

        var removed = await users.RemoveFromRolesAsync(user, current.Except(wanted));
        var added = removed.Succeeded ? await users.AddToRolesAsync(user, wanted.Except(current)) : removed;
        if (!added.Succeeded)
        {
            return Outcome.Invalid(string.Join(" ", added.Errors.Select(e => e.Description)));
        }

        // New roles take effect in live sessions at the next revalidation.
        await users.UpdateSecurityStampAsync(user);
        LogChanged(logger, userId, current, wanted);
        return Outcome.Success;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Roles of {UserId} changed from [{Before}] to [{After}]")]
    private static partial void LogChanged(ILogger logger, string userId, IEnumerable<string> before, IEnumerable<string> after);
}
