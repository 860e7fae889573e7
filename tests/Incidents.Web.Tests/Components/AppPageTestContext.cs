using System.Security.Claims;
using Bunit;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Web.Infrastructure.Auth;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Components;

/// <summary>
/// A page rendered on the app's own services and SQLite database (bunit falls back to them), on the app's fake clock,
/// for a signed-in person whose policies are the ones their roles grant.
/// </summary>
public abstract class AppPageTestContext : ComponentTestContext, IDisposable
{
    protected AppPageTestContext()
    {
        Bunit.Services.AddFallbackServiceProvider(App.Services);
        // bunit brings the system clock; pages run on the app's fake one.
        Bunit.Services.AddSingleton<TimeProvider>(App.Clock);
    }

    protected TestApp App { get; } = new();

    public void Dispose()
    {
        App.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates the person and signs the page's viewer in as them.</summary>
    protected async Task<Actor> SignInAsync(string email, params Role[] roles)
    {
        var user = await App.CreateUserAsync(email, roles);
        var auth = Bunit.AddAuthorization();
        auth.SetAuthorized(email);
        auth.SetClaims([new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(PortalClaims.DisplayName, user.DisplayName),
            .. roles.Select(r => new Claim(ClaimTypes.Role, r.ToString()))]);
        auth.SetPolicies(Enum.GetValues<Permission>().Where(p => Permissions.Allows(roles, p)).Select(p => p.ToString()).ToArray());
        return new Actor(user.Id, user.DisplayName);
    }
}
