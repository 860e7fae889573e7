using Bunit;
using Incidents.Web.Components.Widgets;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Components;

public sealed class DateTimeFieldTests : ComponentTestContext
{
    [Fact]
    public void DateThenTypedTime_BothKept()
    {
        Bunit.Services.AddScoped<ViewerTimeZone>();
        DateTime? value = null;
        var calls = new List<DateTime?>();
        var field = Bunit.Render<DateTimeField>(p => p
            .Add(f => f.TestId, "when")
            .Add(f => f.Value, value)
            .Add(f => f.ValueChanged, EventCallback.Factory.Create<DateTime?>(this, v => { value = v; calls.Add(v); })));

        field.FindAll("input")[0].Change("2026-11-03");
        field.Render(p => p.Add(f => f.Value, value));
        Assert.Equal(new DateTime(2026, 11, 3), value);
        field.FindAll("input")[1].Change("14:30");
        field.Render(p => p.Add(f => f.Value, value));

        Assert.Equal(new DateTime?[] { new DateTime(2026, 11, 3), new DateTime(2026, 11, 3, 14, 30, 0) }, calls);
        Assert.Equal(new DateTime(2026, 11, 3, 14, 30, 0), value);
        Assert.Equal("14:30", field.FindAll("input")[1].GetAttribute("value"));
    }
}
