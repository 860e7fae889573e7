namespace Incidents.Domain.Access;

/// <summary>What a person may do in the portal, the API and chat. Each maps to the roles that grant it.</summary>
public enum Permission
{
    /// <summary>See the portal at all: dashboard, incidents, reports.</summary>
    ViewPortal,
    /// <summary>Create, invite, disable people and assign their roles.</summary>
    ManageUsers,
    /// <summary>Look at and operate background jobs.</summary>
    ManageJobs,
}

public static class Permissions
{
    public static IReadOnlyList<Role> GrantedTo(Permission permission) => permission switch
    {
        Permission.ViewPortal => Roles.All,
        Permission.ManageUsers => [Role.Admin],
        Permission.ManageJobs => [Role.Admin],
    };

    public static bool Allows(IEnumerable<Role> held, Permission permission)
    {
        var granted = GrantedTo(permission);
        return held.Any(granted.Contains);
    }
}
