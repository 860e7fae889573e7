using Incidents.Domain.Access;

namespace Incidents.Domain.Tests.Access;

public sealed class PermissionsTests
{
    [Theory]
    [InlineData(Role.Admin, Permission.ManageUsers, true)]
    [InlineData(Role.Responder, Permission.ManageUsers, false)]
    [InlineData(Role.Support, Permission.ManageUsers, false)]
    [InlineData(Role.Developer, Permission.ManageUsers, false)]
    [InlineData(Role.Viewer, Permission.ManageUsers, false)]
    [InlineData(Role.Admin, Permission.ManageJobs, true)]
    [InlineData(Role.Viewer, Permission.ManageJobs, false)]
    [InlineData(Role.Viewer, Permission.ViewPortal, true)]
    [InlineData(Role.Support, Permission.ViewPortal, true)]
    public void Allows_SingleRole_MatchesTheMatrix(Role role, Permission permission, bool expected)
    {
        Assert.Equal(expected, Permissions.Allows([role], permission));
    }

    [Fact]
    public void Allows_NoRoles_NothingAllowed()
    {
        Assert.All(Enum.GetValues<Permission>(), p => Assert.False(Permissions.Allows([], p)));
    }

    [Fact]
    public void Allows_SeveralRoles_UnionOfTheirPermissions()
    {
        Assert.True(Permissions.Allows([Role.Viewer, Role.Admin], Permission.ManageUsers));
    }

    [Fact]
    public void GrantedTo_EveryPermission_GrantsSomeRoleAndAdminAlways()
    {
        Assert.All(Enum.GetValues<Permission>(), p => Assert.Contains(Role.Admin, Permissions.GrantedTo(p)));
    }
}
