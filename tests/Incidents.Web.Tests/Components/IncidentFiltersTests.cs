using Bunit;
using Incidents.Web.Features.IncidentManagement.List;

namespace Incidents.Web.Tests.Components;

public sealed class IncidentFiltersTests : ComponentTestContext
{
    [Fact]
    public void Mine_Toggled_RaisesQueryWithMineAndFirstPage()
    {
        IncidentQuery? raised = null;
        var filters = Bunit.Render<IncidentFilters>(p => p
            .Add(f => f.Query, new IncidentQuery { Page = 4, Search = "db" })
            .Add(f => f.QueryChanged, (IncidentQuery q) => raised = q));

        filters.Find("[data-testid=filter-mine] input, input[data-testid=filter-mine]").Change(true);

        Assert.NotNull(raised);
        Assert.True(raised!.Mine);
        Assert.Equal(1, raised.Page);
        Assert.Equal("db", raised.Search);
        Assert.Equal("?mine=true&q=db", raised.ToQueryString());
    }

    [Fact]
    public void Filters_ShowCurrentQuery()
    {
        var filters = Bunit.Render<IncidentFilters>(p => p.Add(f => f.Query, new IncidentQuery { Search = "checkout" }));

        Assert.Equal("checkout", filters.Find("[data-testid=filter-search] input, input[data-testid=filter-search]").GetAttribute("value"));
    }
}
