using System.ComponentModel.DataAnnotations;
using Incidents.Domain;
using Incidents.Domain.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Incidents.Web.Features.Users.Invite;

public sealed record Invitation(string UserId, string RelativeLink);

/// <summary>
/// Creates a person without a password and returns a one-time link (an Identity reset token) with which
/// they choose one. The link is shown once to the Admin; only the token's hash-protected form ever exists.
/// </summary>
internal sealed partial class InviteUser(UserManagers managers, TimeProvider clock, ILogger<InviteUser> logger)
{
    public async Task<(Outcome Outcome, Invitation? Invitation)> HandleAsync(
        string email, string displayName, IReadOnlyCollection<Role> roles, CancellationToken cancellationToken = default)
    {
        await using var lease = managers.Open();
        var users = lease.Users;
        email = email.Trim();
        displayName = displayName.Trim();
        if (!new EmailAddressAttribute().IsValid(email) || email.Length == 0)
        {
            return (Outcome.Invalid("Enter a valid email address."), null);
        }

        if (displayName.Length == 0)
        {
            return (Outcome.Invalid("Enter the person's name."), null);
        }

        if (roles.Count == 0)
        {
            return (Outcome.Invalid("Choose at least one role."), null);
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return (Outcome.Conflict($"{email} already has an account."), null);
        }

        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            DisplayName = displayName,
            CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return (Outcome.Invalid(Describe(created)), null);
        }

        var inRoles = await users.AddToRolesAsync(user, roles.Distinct().Select(r => r.ToString()));
        if (!inRoles.Succeeded)
        {
            await users.DeleteAsync(user);
            return (Outcome.Invalid(Describe(inRoles)), null);
        }

        LogInvited(logger, user.Id, roles);
        return (Outcome.Success, await LinkFor(users, user));
    }

    /// <summary>A fresh link for someone who has not accepted yet; older links stop working.</summary>
    public async Task<(Outcome Outcome, Invitation? Invitation)> ReissueAsync(string userId)
    {
        await using var lease = managers.Open();
        var users = lease.Users;
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return (Outcome.NotFound("No such person."), null);
        }

        if (user.InvitationAcceptedAt is not null)
        {
            return (Outcome.Conflict($"{user.Email} has already accepted the invitation."), null);
        }

        await users.UpdateSecurityStampAsync(user);
        return (Outcome.Success, await LinkFor(users, user));
    }

    private static async Task<Invitation> LinkFor(UserManager<ApplicationUser> users, ApplicationUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = QueryHelpers.AddQueryString("/account/accept-invitation", new Dictionary<string, string?>
        {
            ["user"] = user.Id,
            ["code"] = token,
        });
        return new Invitation(user.Id, link);
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    [LoggerMessage(Level = LogLevel.Information, Message = "Invited user {UserId} with roles {Roles}")]
    private static partial void LogInvited(ILogger logger, string userId, IReadOnlyCollection<Role> roles);
}
