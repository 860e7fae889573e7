using Bunit;
using Incidents.Domain.Access;
using Incidents.Web.Components.Layout;

namespace Incidents.Web.Tests.Components;

public sealed class NavMenuTests : ComponentTestContext
{
    public static TheoryData<Role> AllRoles() => new(Roles.All);

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void NavMenu_PerRole_AdminLinksOnlyForAdmins(Role role)
    {
        var auth = Bunit.AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetRoles(role.ToString());
        auth.SetPolicies(Enum.GetValues<Permission>().Where(p => Permissions.Allows([role], p)).Select(p => p.ToString()).ToArray());

        var menu = Bunit.Render<NavMenu>();

        Assert.NotNull(menu.Find("a[href='/']"));
        var adminLinks = menu.FindAll("a[href='/admin/users'], a[href='/hangfire']");
        Assert.Equal(role == Role.Admin ? 2 : 0, adminLinks.Count);
    }
}
