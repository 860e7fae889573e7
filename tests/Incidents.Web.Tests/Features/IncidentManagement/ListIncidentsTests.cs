using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.List;
using Incidents.Web.Features.IncidentManagement.Log;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>The incident list's filters and paging.</summary>
public sealed class ListIncidentsTests : IncidentUseCaseTests
{
    [Fact]
    public async Task List_Filters_SeverityServiceMineSearchAndPaging()
    {
        var ben = await App.CreateUserAsync("ben@example.test", Domain.Access.Role.Responder);
        var sev1 = await OpenAsync("Database down", Impact.High, Urgency.High);
        var sev4 = await OpenAsync("Typo on page", Impact.Low, Urgency.Low, new Actor(ben.Id, "ben"));
        var otherService = await App.CreateServiceAsync("search-api");
        var (_, elsewhere) = await Get<LogIncident>().HandleAsync(new NewIncident("Search slow", null, otherService, Impact.Medium, Urgency.Medium), Ana);
        await Get<ChangeIncidentStatus>().HandleAsync(sev1, StatusAction.Resolve, Ana, comment: "Failed over");
        var list = Get<ListIncidents>();

        async Task<long[]> Ids(IncidentQuery query, string? viewer = null) =>
            (await list.HandleAsync(query, viewer)).Rows.Select(r => r.Id).Order().ToArray();

        Assert.Equal([sev4, elsewhere!.Value], await Ids(new IncidentQuery()));
        Assert.Equal([sev1, sev4, elsewhere.Value], await Ids(new IncidentQuery { Status = StatusFilter.All }));
        Assert.Equal([sev1], await Ids(new IncidentQuery { Status = StatusFilter.Resolved }));
        Assert.Equal([sev4], await Ids(new IncidentQuery { Severity = Severity.Sev4 }));
        Assert.Equal([elsewhere.Value], await Ids(new IncidentQuery { Service = "search-api" }));
        Assert.Equal([sev4], await Ids(new IncidentQuery { Mine = true }, ben.Id));
        Assert.Equal([sev1], await Ids(new IncidentQuery { Status = StatusFilter.All, Search = "Database" }));
        Assert.Equal([sev4], await Ids(new IncidentQuery { Status = StatusFilter.All, Search = Incident.Format(sev4) }));

        var page2 = await list.HandleAsync(new IncidentQuery { Status = StatusFilter.All, PageSize = 10, Page = 1 }, null);
        Assert.Equal(3, page2.Total);
        Assert.False(page2.TotalIsCapped);
        Assert.Equal([elsewhere.Value, sev4, sev1], page2.Rows.Select(r => r.Id));
    }

    [Theory]
    [InlineData("memory", true)]
    [InlineData("MEMORY LEAK", true)]
    [InlineData("  leak after  ", true)]
    [InlineData("100%", true)]
    [InlineData("50_", false)]
    [InlineData("%", true)]
    [InlineData("[prod]", true)]
    [InlineData("_", false)]
    [InlineData("\\", false)]
    [InlineData("[a-z]", false)]
    public async Task Search_IgnoresCase_AndTakesWildcardsLiterally(string search, bool findsMemoryLeak)
    {
        var leak = await OpenAsync("Memory leak after deploy at 100% CPU [prod]", Impact.Medium, Urgency.Medium);
        await OpenAsync("Disk full", Impact.Medium, Urgency.Medium);

        var rows = (await Get<ListIncidents>().HandleAsync(new IncidentQuery { Status = StatusFilter.All, Search = search }, null)).Rows;

        Assert.Equal(findsMemoryLeak ? [leak] : [], rows.Select(r => r.Id));
    }
}
