using Incidents.Domain.Access;
using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Account.SignIn;

/// <summary>Whether a person may sign in with a password: always, unless <c>Auth:LocalSignIn</c> is off and they are not a listed break-glass Admin.</summary>
internal sealed class LocalSignInPolicy(IOptions<AuthOptions> options, UserManager<ApplicationUser> users)
{
    public bool IsOn => options.Value.LocalSignIn;

    public async Task<bool> AllowsAsync(ApplicationUser user) =>
        options.Value.LocalSignIn
        || (options.Value.BreakGlassAdmins.Any(e => string.Equals(e.Trim(), user.Email, StringComparison.OrdinalIgnoreCase))
            && await users.IsInRoleAsync(user, nameof(Role.Admin)));
}
