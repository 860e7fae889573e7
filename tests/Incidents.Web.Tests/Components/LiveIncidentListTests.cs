using Bunit;
using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Components.Widgets;
using Incidents.Web.Features.IncidentManagement.List;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Incidents.Web.Tests.Components;

/// <summary>
/// A live list re-renders twice a second in a storm for everyone watching: only what changed may render again (a row
/// whose incident changed, filters whose query changed), and the rest must stay as it was.
/// </summary>
public sealed class LiveIncidentListTests : ComponentTestContext
{
    private static readonly IncidentRow Row = new(42, "Checkout down", Domain.Incidents.Severity.Sev1, IncidentStatus.Triggered, "Checkout API",
        new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), null, null, false, null);

    public LiveIncidentListTests() => Bunit.Services.AddScoped<ViewerTimeZone>();

    [Fact]
    public void Row_SameIncidentAgain_DoesNotRender_AChangedOneDoes()
    {
        var row = Bunit.Render<IncidentListRow>(p => p.Add(r => r.Row, Row));
        // Counts the row and what it holds (links, chips, time): none of them renders for an equal row.
        var rendered = row.RenderCount;

        row.Render(p => p.Add(r => r.Row, Row with { }));
        Assert.Equal(rendered, row.RenderCount);

        row.Render(p => p.Add(r => r.Row, Row with { Status = IncidentStatus.Acknowledged, CommanderName = "Ada" }));
        Assert.True(row.RenderCount > rendered);
        Assert.Contains("Acknowledged", row.Markup, StringComparison.Ordinal);
        Assert.Contains("Ada", row.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_Clicked_OpensTheIncident()
    {
        var row = Bunit.Render<IncidentListRow>(p => p.Add(r => r.Row, Row));

        row.Find("tr").Click();

        Assert.EndsWith("/incidents/42", Bunit.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Equal("Incident", row.Find("td").GetAttribute("data-label"));
    }

    [Fact]
    public void Filters_SkippingUnchangedRenders_StillShowANewQuery()
    {
        var query = new IncidentQuery { Search = "checkout" };
        var filters = Bunit.Render<IncidentFilters>(p => p.Add(f => f.Query, query));

        filters.Render(p => p.Add(f => f.Query, query with { }));
        filters.Render(p => p.Add(f => f.Query, query with { Search = "payments" }));

        Assert.Equal("payments", filters.Find("[data-testid=filter-search] input, input[data-testid=filter-search]").GetAttribute("value"));
    }

    [Fact]
    public async Task OutcomeSnackbar_SaysSuccessOrTheRefusal_AndRunsWhatFollows()
    {
        var snackbar = Bunit.Services.GetRequiredService<ISnackbar>();
        var busy = new List<bool>();
        Outcome? followed = null;

        Assert.True(snackbar.Say(Outcome.Success, "Acknowledged."));
        Assert.False(snackbar.Say(Outcome.Conflict("INC-42 is already resolved."), "Acknowledged."));
        var refused = await snackbar.RunAsync(() => Task.FromResult(Outcome.Forbidden("Only responders may do that.")), "Done.", busy.Add,
            outcome =>
            {
                followed = outcome;
                return Task.CompletedTask;
            });
        // A refusal the page shows itself is not said twice.
        await snackbar.RunAsync(() => Task.FromResult(Outcome.Conflict("was changed by Ada")), "Done.", busy.Add, shownElsewhere: _ => true);

        Assert.Equal(["Acknowledged.", "INC-42 is already resolved.", "Only responders may do that."], snackbar.ShownSnackbars.Select(s => s.Message!).ToArray());
        Assert.Same(refused, followed);
        Assert.Equal([true, false, true, false], busy);
    }
}
