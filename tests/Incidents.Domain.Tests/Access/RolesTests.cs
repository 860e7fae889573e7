using Incidents.Domain.Access;

namespace Incidents.Domain.Tests.Access;

public sealed class RolesTests
{
    [Theory]
    [InlineData("Admin", Role.Admin)]
    [InlineData("responder", Role.Responder)]
    [InlineData("VIEWER", Role.Viewer)]
    public void TryParse_KnownName_AnyCase(string name, Role expected)
    {
        Assert.True(Roles.TryParse(name, out var role));
        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Root")]
    [InlineData("7")]
    public void TryParse_UnknownOrNumeric_False(string? name)
    {
        Assert.False(Roles.TryParse(name, out _));
    }

    [Fact]
    public void All_FiveProductRoles_EachDescribed()
    {
        Assert.Equal([Role.Admin, Role.Responder, Role.Support, Role.Developer, Role.Viewer], Roles.All);
        Assert.All(Roles.All, r => Assert.False(string.IsNullOrWhiteSpace(Roles.Describe(r))));
    }
}
