using System.Security.Claims;
using Incidents.Web.Features.Account.Sessions;
using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Infrastructure.Auth;

/// <summary>
/// Re-checks an open circuit's user every minute: a disabled person, a removed account, a changed security stamp or
/// an ended session (signed out) ends the interactive session, matching what the cookie validator does for HTTP requests.
/// </summary>
internal sealed class RevalidatingIdentityStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => AuthSetup.SessionRevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        // Signed out (in this or another tab, on any instance) or disabled: the session's row is gone.
        return await IsStillValidAsync(users, authenticationState.User, options.Value)
            && await scope.ServiceProvider.GetRequiredService<SessionTicketStore>().IsLiveAsync(authenticationState.User, cancellationToken);
    }

    internal static async Task<bool> IsStillValidAsync(UserManager<ApplicationUser> users, ClaimsPrincipal principal, IdentityOptions options)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || user.IsDisabled)
        {
            return false;
        }

        var principalStamp = principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await users.GetSecurityStampAsync(user);
    }
}
