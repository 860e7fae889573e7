using Incidents.Web.Data;
using Incidents.Web.Features.Notices;
using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.Identity;

namespace Incidents.Web.Features.Account.SignIn;

internal abstract record SignInOutcome
{
    public sealed record SignedIn : SignInOutcome;

    /// <summary>Wrong password, unknown, disabled or not yet invited person: one answer for all.</summary>
    public sealed record Invalid : SignInOutcome;

    /// <summary>Too many tries from this address on this account (or a hard lockout): the same answer for every account.</summary>
    public sealed record TryLater(TimeSpan Wait) : SignInOutcome;

    /// <summary>Password sign-in is turned off for this person (<c>Auth:LocalSignIn=false</c>): they use single sign-on.</summary>
    public sealed record UseSingleSignOn : SignInOutcome;
}

/// <summary>
/// Password sign-in that gives nothing away: an unknown, disabled or pending account does the same hashing work and
/// gets the same answer as a wrong password. Failures slow down per client address (<see cref="SignInThrottle"/>)
/// rather than locking the account; only after <see cref="HardLockoutFailures"/> failures is the account locked for
/// a while, and its owner is told by email (a notice written in the same transaction as the lockout).
/// </summary>
internal sealed partial class SignInUser(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    IPasswordHasher<ApplicationUser> hasher,
    IncidentsDbContext db,
    SignInThrottle throttle,
    LocalSignInPolicy localSignIn,
    TimeProvider clock,
    ILogger<SignInUser> logger)
{
    public const int HardLockoutFailures = 50;
    public static readonly TimeSpan HardLockout = TimeSpan.FromMinutes(15);

    private static readonly ApplicationUser Nobody = new() { Id = "nobody" };
    private static string? dummyHash;

    public async Task<SignInOutcome> HandleAsync(string email, string password, bool rememberMe, string clientAddress)
    {
        var account = email.Trim();
        if (throttle.RetryAfter(clientAddress, account) is { } wait)
        {
            return new SignInOutcome.TryLater(wait);
        }

        var user = await users.FindByEmailAsync(account);
        var now = clock.GetUtcNow();
        if (user is null || user.IsDisabled || user.InvitationAcceptedAt is null || user.PasswordHash is null)
        {
            // The same work as a real check, so time tells nothing either.
            hasher.VerifyHashedPassword(Nobody, dummyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString()), password);
            throttle.Failed(clientAddress, account);
            return new SignInOutcome.Invalid();
        }

        if (user.LockoutEnd > now)
        {
            hasher.VerifyHashedPassword(user, user.PasswordHash, password);
            return new SignInOutcome.TryLater(user.LockoutEnd.Value - now);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            throttle.Failed(clientAddress, account);
            await CountFailureAsync(user, now);
            return new SignInOutcome.Invalid();
        }

        throttle.Succeeded(clientAddress, account);
        if (!await localSignIn.AllowsAsync(user))
        {
            return new SignInOutcome.UseSingleSignOn();
        }

        if (user.AccessFailedCount > 0 || user.LockoutEnd is not null)
        {
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
            await users.UpdateAsync(user);
        }

        await signIn.SignInAsync(user, rememberMe, "pwd");
        LogSignedIn(logger, user.Id);
        return new SignInOutcome.SignedIn();
    }

    private async Task CountFailureAsync(ApplicationUser user, DateTimeOffset now)
    {
        user.AccessFailedCount++;
        if (user.AccessFailedCount >= HardLockoutFailures)
        {
            user.AccessFailedCount = 0;
            user.LockoutEnd = now + HardLockout;
            // Saved with the lockout, by the same context: the owner hears of it exactly once.
            db.Notices.Add(new Notice($"lockout:{user.Id}:{now.UtcTicks}", user.Id, "Your Incidents account was locked after many failed sign-ins",
                $"{HardLockoutFailures} wrong passwords were tried for your account, so password sign-in is locked until {user.LockoutEnd:yyyy-MM-dd HH:mm} UTC. "
                + "If this was not you, tell your Admin; nothing else is needed, and signing in works again after that time.", "/account/login", now));
            LogLockedOut(logger, user.Id);
        }

        await users.UpdateAsync(user);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed in")]
    private static partial void LogSignedIn(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} is locked out after many failed sign-ins; the owner is told")]
    private static partial void LogLockedOut(ILogger logger, string userId);
}
