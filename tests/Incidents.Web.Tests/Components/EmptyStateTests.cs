using Bunit;
using Incidents.Web.Components.Widgets;
using Microsoft.AspNetCore.Components;

namespace Incidents.Web.Tests.Components;

public sealed class EmptyStateTests : ComponentTestContext
{
    [Fact]
    public void EmptyState_TitleTextAndAction_AllRendered()
    {
        var state = Bunit.Render<EmptyState>(p => p
            .Add(s => s.Title, "No incidents yet")
            .Add(s => s.Text, "When something breaks it shows up here.")
            .Add(s => s.ChildContent, (RenderFragment)(b => b.AddMarkupContent(0, "<a href=\"/new\">Log one</a>"))));

        Assert.Equal("No incidents yet", state.Find("[data-testid=empty-state-title]").TextContent);
        Assert.Contains("When something breaks it shows up here.", state.Markup, StringComparison.Ordinal);
        Assert.Equal("/new", state.Find("a").GetAttribute("href"));
    }

    [Fact]
    public void EmptyState_NoText_NoEmptyParagraph()
    {
        var state = Bunit.Render<EmptyState>(p => p.Add(s => s.Title, "Nothing"));

        Assert.Single(state.FindAll(".mud-typography"));
    }
}
