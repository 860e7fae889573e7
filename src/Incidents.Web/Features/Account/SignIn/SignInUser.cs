using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.Identity;

namespace Incidents.Web.Features.Account.SignIn;

internal enum SignInOutcome
{
    SignedIn,
    Invalid,
    LockedOut,
}

/// <summary>Password sign-in with lockout; disabled people and pending invitations get the same answer as a wrong password.</summary>
internal sealed partial class SignInUser(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    ILogger<SignInUser> logger)
{
    public async Task<SignInOutcome> HandleAsync(string email, string password, bool rememberMe)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return SignInOutcome.Invalid;
        }

        var result = await signIn.PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            LogSignedIn(logger, user.Id);
            return SignInOutcome.SignedIn;
        }

        if (result.IsLockedOut)
        {
            LogLockedOut(logger, user.Id);
            return SignInOutcome.LockedOut;
        }

        return SignInOutcome.Invalid;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed in")]
    private static partial void LogSignedIn(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} is locked out after failed sign-ins")]
    private static partial void LogLockedOut(ILogger logger, string userId);
}
