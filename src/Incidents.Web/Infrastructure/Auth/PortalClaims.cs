using System.Security.Claims;
using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Infrastructure.Auth;

internal static class PortalClaims
{
    public const string DisplayName = "incidents:display_name";

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>The signed-in person as the actor of what they do.</summary>
    public static Domain.Actor ToActor(this ClaimsPrincipal user) =>
        new(user.UserId() ?? throw new InvalidOperationException("Not signed in."), user.FindFirstValue(DisplayName) ?? user.Identity?.Name ?? "?");
}

/// <summary>Adds the display name, so the shell can greet people without a database round trip.</summary>
internal sealed class PortalClaimsFactory(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
