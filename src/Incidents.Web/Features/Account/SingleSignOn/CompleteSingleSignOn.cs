using System.Security.Claims;
using Incidents.Domain.Access;
using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Account.SingleSignOn;

/// <summary>Why single sign-on did not sign someone in, as the sign-in page explains it.</summary>
internal enum SsoRefusal
{
    /// <summary>The provider's answer could not be verified (signature, audience, lifetime, nonce, state).</summary>
    NotVerified,
    NoVerifiedEmail,
    DomainNotAllowed,
    NotInvited,
    Disabled,
}

/// <summary>
/// Turns a verified OpenID Connect sign-in into a portal session: the person with that provider subject, else the
/// invited or existing person with that verified email (linked, never duplicated), else a new person when
/// <c>AutoProvision</c> is on. Roles from the provider are applied at every sign-in when <c>RoleClaim</c> is set: a
/// group removed at the provider removes the role here.
/// </summary>
internal sealed partial class CompleteSingleSignOn(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    IOptions<AuthOptions> options,
    TimeProvider clock,
    ILogger<CompleteSingleSignOn> logger)
{
    public async Task<SsoRefusal?> HandleAsync(ClaimsPrincipal external)
    {
        var oidc = options.Value.Oidc;
        var subject = external.FindFirstValue("sub") ?? external.FindFirstValue(ClaimTypes.NameIdentifier);
        var email = (external.FindFirstValue("email") ?? external.FindFirstValue(ClaimTypes.Email))?.Trim();
        var verified = string.Equals(external.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
        if (subject is null || string.IsNullOrEmpty(email) || !email.Contains('@', StringComparison.Ordinal) || (oidc.RequireVerifiedEmail && !verified))
        {
            return SsoRefusal.NoVerifiedEmail;
        }

        if (!SsoRules.DomainAllowed(email, oidc.AllowedDomains))
        {
            LogRefused(logger, email, "domain not allowed");
            return SsoRefusal.DomainNotAllowed;
        }

        var now = clock.GetUtcNow();
        var user = await users.FindByLoginAsync(OidcOptions.Scheme, subject) ?? await users.FindByEmailAsync(email);
        if (user is null)
        {
            if (!oidc.AutoProvision)
            {
                return SsoRefusal.NotInvited;
            }

            user = new ApplicationUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = external.FindFirstValue("name") ?? email.Split('@')[0],
                CreatedAt = now,
                InvitationAcceptedAt = now,
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("Could not provision " + email + ": " + string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            LogProvisioned(logger, user.Id);
        }

        if (user.IsDisabled)
        {
            return SsoRefusal.Disabled;
        }

        var logins = await users.GetLoginsAsync(user);
        if (!logins.Any(l => l.LoginProvider == OidcOptions.Scheme && l.ProviderKey == subject))
        {
            await users.AddLoginAsync(user, new UserLoginInfo(OidcOptions.Scheme, subject, oidc.DisplayName));
        }

        if (user.InvitationAcceptedAt is null)
        {
            // An invitation answered by signing in with the provider.
            user.InvitationAcceptedAt = now;
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }

        if (SsoRules.RolesFrom(external, oidc) is { } roles)
        {
            var current = (await users.GetRolesAsync(user)).ToHashSet(StringComparer.Ordinal);
            var wanted = roles.Select(r => r.ToString()).ToHashSet(StringComparer.Ordinal);
            if (!current.SetEquals(wanted))
            {
                await users.RemoveFromRolesAsync(user, current.Except(wanted));
                await users.AddToRolesAsync(user, wanted.Except(current));
                // Other sessions of this person carry the old roles: they are re-checked within a minute.
                await users.UpdateSecurityStampAsync(user);
            }
        }

        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: OidcOptions.Scheme);
        LogSignedIn(logger, user.Id);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed in with single sign-on")]
    private static partial void LogSignedIn(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} created by their first single sign-on")]
    private static partial void LogProvisioned(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-on of {Email} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string email, string reason);
}

/// <summary>The pure rules of single sign-on: which domains may sign in, and which roles the provider's claims give.</summary>
internal static class SsoRules
{
    public static bool DomainAllowed(string email, IReadOnlyCollection<string> allowed) =>
        allowed.Count == 0 || allowed.Any(d => string.Equals(email[(email.LastIndexOf('@') + 1)..], d.Trim().TrimStart('@'), StringComparison.OrdinalIgnoreCase));

    /// <summary>The roles the claims map to, or null when roles are managed in the portal (no <c>RoleClaim</c>).</summary>
    public static IReadOnlySet<Role>? RolesFrom(ClaimsPrincipal external, OidcOptions oidc)
    {
        if (string.IsNullOrWhiteSpace(oidc.RoleClaim))
        {
            return null;
        }

        var roles = new HashSet<Role>();
        foreach (var value in external.FindAll(oidc.RoleClaim).Select(c => c.Value))
        {
            if (oidc.RoleMap.TryGetValue(value, out var mapped))
            {
                roles.Add(mapped);
            }
            else if (Enum.TryParse<Role>(value, ignoreCase: true, out var named) && Enum.IsDefined(named))
            {
                roles.Add(named);
            }
        }

        if (roles.Count == 0 && oidc.DefaultRole is { } fallback)
        {
            roles.Add(fallback);
        }

        return roles;
    }
}
