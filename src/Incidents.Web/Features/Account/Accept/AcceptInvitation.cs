using Incidents.Domain;
using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.Identity;

namespace Incidents.Web.Features.Account.Accept;

/// <summary>The invited person chooses a password with the one-time code from their invitation link.</summary>
internal sealed partial class AcceptInvitation(UserManager<ApplicationUser> users, TimeProvider clock, ILogger<AcceptInvitation> logger)
{
    public const string InvalidLink = "This invitation link is not valid any more. Ask an Admin for a new one.";

    public async Task<bool> IsValidAsync(string? userId, string? code)
    {
        var user = await PendingUserAsync(userId, code);
        return user is not null && await users.VerifyUserTokenAsync(
            user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<ApplicationUser>.ResetPasswordTokenPurpose, code!);
    }

    public async Task<Outcome> HandleAsync(string? userId, string? code, string password)
    {
        var user = await PendingUserAsync(userId, code);
        if (user is null)
        {
            return Outcome.NotFound(InvalidLink);
        }

        var reset = await users.ResetPasswordAsync(user, code!, password);
        if (!reset.Succeeded)
        {
            return reset.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                ? Outcome.NotFound(InvalidLink)
                : Outcome.Invalid(string.Join(" ", reset.Errors.Select(e => e.Description)));
        }

        user.InvitationAcceptedAt = clock.GetUtcNow();
        user.EmailConfirmed = true;
        await users.UpdateAsync(user);
        LogAccepted(logger, user.Id);
        return Outcome.Success;
    }

    private async Task<ApplicationUser?> PendingUserAsync(string? userId, string? code)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(code))
        {
            return null;
        }

        var user = await users.FindByIdAsync(userId);
        return user is { InvitationAcceptedAt: null, IsDisabled: false } ? user : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} accepted the invitation")]
    private static partial void LogAccepted(ILogger logger, string userId);
}
