using Bunit;
using Incidents.Domain.Access;
using Incidents.Web.Features.Users;

namespace Incidents.Web.Tests.Components;

public sealed class RolePickerTests : ComponentTestContext
{
    [Fact]
    public void RolePicker_TickAndUntick_RaisesTheNewSet()
    {
        IReadOnlySet<Role>? raised = null;
        var picker = Bunit.Render<RolePicker>(p => p
            .Add(r => r.Selected, new HashSet<Role> { Role.Viewer })
            .Add(r => r.SelectedChanged, (IReadOnlySet<Role> s) => raised = s));

        picker.Find("input[data-testid=role-Responder], [data-testid=role-Responder] input").Change(true);

        Assert.NotNull(raised);
        Assert.Equal([Role.Responder, Role.Viewer], raised!.Order());
    }

    [Fact]
    public void RolePicker_NothingSelected_SaysChooseOne()
    {
        var picker = Bunit.Render<RolePicker>(p => p.Add(r => r.Selected, new HashSet<Role>()));

        Assert.Contains("Choose at least one role.", picker.Markup, StringComparison.Ordinal);
        Assert.Equal(Roles.All.Count, picker.FindAll("input[type=checkbox]").Count);
    }
}
