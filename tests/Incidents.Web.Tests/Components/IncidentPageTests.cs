using System.Net;
using Bunit;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.IncidentManagement.Show;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Incidents.Web.Tests.Components;

/// <summary>
/// The incident page: as served (prerendered) per role, and live on the app's services, where the buttons are the
/// domain's answer for this viewer and they act.
/// </summary>
public sealed class IncidentPageTests : AppPageTestContext
{
    private async Task<long> TriggeredAsync()
    {
        var serviceId = await App.CreateServiceAsync("payments");
        var (outcome, id) = await App.Services.GetRequiredService<LogIncident>()
            .HandleAsync(new NewIncident("Payments fail at checkout", null, serviceId, Impact.High, Urgency.High), Actor.System);
        Assert.True(outcome.Succeeded, outcome.Error);
        return id!.Value;
    }

    private async Task<IncidentStatus> StatusAsync(long id)
    {
        await using var db = await App.NewDbContextAsync();
        return (await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == id)).Status;
    }

    [Fact]
    public async Task DeveloperOnTheOwningTeam_ClicksAcknowledge_IncidentAcknowledged()
    {
        var id = await TriggeredAsync();
        var dev = await SignInAsync("dev@example.test", Role.Developer);
        await using (var db = await App.NewDbContextAsync())
        {
            (await db.Teams.Include(t => t.Members).SingleAsync()).SetMembers([dev.Id!]);
            await db.SaveChangesAsync();
        }

        var page = Bunit.Render<IncidentPage>(p => p.Add(x => x.Id, id));
        page.WaitForElement("[data-testid=action-acknowledge]").Click();

        page.WaitForAssertion(() => Assert.Contains("Acknowledged", page.Find("[data-testid=incident-header]").TextContent, StringComparison.Ordinal));
        Assert.Equal(IncidentStatus.Acknowledged, await StatusAsync(id));
        // The first to take it leads it, and is told so.
        Assert.Contains("Acknowledged. You are the incident commander now; hand it over on the incident page, under People.",
            Bunit.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message));
        // The next steps are the domain's, for this viewer.
        Assert.NotEmpty(page.FindAll("[data-testid=action-resolve]"));
        Assert.Empty(page.FindAll("[data-testid=action-acknowledge]"));
    }

    [Fact]
    public async Task DeveloperOutsideTheTeam_NoButtons_ToldWhyAndWhoCanHelp()
    {
        var id = await TriggeredAsync();
        await SignInAsync("dev@example.test", Role.Developer);

        var page = Bunit.Render<IncidentPage>(p => p.Add(x => x.Id, id));

        var why = page.WaitForElement("[data-testid=why-not-actions]");
        Assert.Empty(page.FindAll("[data-testid^=action-]"));
        Assert.Contains("Ask the Team payments team or an Admin to add you.", why.TextContent, StringComparison.Ordinal);
        Assert.Equal(IncidentStatus.Triggered, await StatusAsync(id));
    }

    [Theory]
    [InlineData(Role.Admin, true, true)]
    [InlineData(Role.Responder, true, true)]
    [InlineData(Role.Support, false, true)]
    [InlineData(Role.Developer, false, true)]
    [InlineData(Role.Viewer, false, false)]
    public async Task IncidentPage_PerRole_ButtonsAndNoteBox(Role role, bool actions, bool note)
    {
        var serviceId = await App.CreateServiceAsync($"svc-{role.ToString().ToLowerInvariant()}");
        var (_, id) = await App.Services.GetRequiredService<LogIncident>()
            .HandleAsync(new NewIncident($"Broken for {role}", null, serviceId, Impact.Low, Urgency.Low), Actor.System);
        var browser = await App.SignedInAsAsync(role);

        var response = await browser.GetAsync($"/incidents/{id}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Broken for {role}", html, StringComparison.Ordinal);
        Assert.Equal(actions, html.Contains("data-testid=\"action-acknowledge\"", StringComparison.Ordinal));
        Assert.DoesNotContain("data-testid=\"action-close\"", html, StringComparison.Ordinal);
        Assert.Equal(note, html.Contains("data-testid=\"note-submit\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IncidentPage_Unknown_FriendlyNotFound()
    {
        var browser = await App.SignedInAsAsync(Role.Viewer);

        var html = await browser.GetStringAsync("/incidents/999999");

        Assert.Contains("INC-999999 does not exist", html, StringComparison.Ordinal);
    }
}
