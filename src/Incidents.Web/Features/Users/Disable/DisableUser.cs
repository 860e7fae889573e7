using Incidents.Domain;
using Incidents.Web.Features.Account.Sessions;

namespace Incidents.Web.Features.Users.Disable;

/// <summary>
/// Disables or re-enables a person. Disabling changes the security stamp, so cookies and open circuits of that
/// person are refused at their next check, at most <see cref="Infrastructure.Auth.AuthSetup.SessionRevalidationInterval"/> later.
/// </summary>
internal sealed partial class DisableUser(UserManagers managers, SessionTicketStore sessions, TimeProvider clock, ILogger<DisableUser> logger)
{
    public async Task<Outcome> HandleAsync(string userId, string actingUserId, CancellationToken cancellationToken = default)
    {
        await using var lease = managers.Open();
        var users = lease.Users;
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome.NotFound("No such person.");
        }

        if (user.Id == actingUserId)
        {
            return Outcome.Conflict("You cannot disable yourself.");
        }

        if (user.IsDisabled)
        {
            return Outcome.Success;
        }

        if (await AdminGuard.IsLastEnabledAdminAsync(users, user))
        {
            return Outcome.Conflict("This is the last enabled Admin; make someone else Admin first.");
        }

        user.IsDisabled = true;
        user.DisabledAt = clock.GetUtcNow();
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return Outcome.Invalid(string.Join(" ", updated.Errors.Select(e => e.Description)));
        }

        await users.UpdateSecurityStampAsync(user);
        // Their cookies stop working at once; open circuits end at their next check.
        await sessions.EndAllAsync(user.Id, cancellationToken);
        LogDisabled(logger, userId, actingUserId);
        return Outcome.Success;
    }

    public async Task<Outcome> EnableAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var lease = managers.Open();
        var users = lease.Users;
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome.NotFound("No such person.");
        }

        if (!user.IsDisabled)
        {
            return Outcome.Success;
        }

        user.IsDisabled = false;
        user.DisabledAt = null;
        var updated = await users.UpdateAsync(user);
        if (updated.Succeeded)
        {
            LogEnabled(logger, userId);
        }

        return updated.Succeeded ? Outcome.Success : Outcome.Invalid(string.Join(" ", updated.Errors.Select(e => e.Description)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} disabled by {ActingUserId}")]
    private static partial void LogDisabled(ILogger logger, string userId, string actingUserId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} enabled")]
    private static partial void LogEnabled(ILogger logger, string userId);
}
