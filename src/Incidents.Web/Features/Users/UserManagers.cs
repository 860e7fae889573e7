using Microsoft.AspNetCore.Identity;

namespace Incidents.Web.Features.Users;

/// <summary>
/// A fresh <see cref="UserManager{TUser}"/> (and DbContext) per operation. Interactive circuits live for hours;
/// a manager taken from the circuit's scope would keep one DbContext and serve stale users.
/// </summary>
internal sealed class UserManagers(IServiceScopeFactory scopes)
{
    public Lease Open() => new(scopes.CreateAsyncScope());

    public sealed class Lease(AsyncServiceScope scope) : IAsyncDisposable
    {
        public UserManager<ApplicationUser> Users { get; } = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
