using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Web.Features.Catalog.Teams;
using Incidents.Web.Features.Changes.Compliance;
using Incidents.Web.Features.Reports;
using Incidents.Web.Features.Reports.Areas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

/// <summary>The changes report: compliance of a service against its team's goal, the same as the changes page's breakdown, with the DORA four and their bands; the API agrees.</summary>
public sealed class ChangeReportTests(ChangesApp app) : ChangesUseCaseTests(app)
{
    [Fact]
    public async Task ComplianceOfAService_AgainstItsTeamsGoal_EqualsTheChangesPage_DoraWithBands()
    {
        var service = await ServiceAsync();
        var teams = App.Services.GetRequiredService<ManageTeams>();
        long teamId;
        await using (var db = await App.NewDbContextAsync())
        {
            teamId = await db.Services.Where(s => s.Id == service).Select(s => s.TeamId).SingleAsync();
        }

        var row = (await teams.ListAsync()).Single(t => t.Id == teamId);
        Assert.True((await teams.SaveAsync(teamId, new TeamInput(row.Name, row.ChatChannel, row.MemberIds, 0.9m), Domain.Actor.System)).Outcome.Succeeded);
        var admin = await PersonAsync(Role.Admin);
        // Three approved deployments completed, one rolled back; an emergency configuration change awaiting approval after the fact.
        for (var i = 0; i < 4; i++)
        {
            var id = await ApprovedChangeAsync(service);
            Assert.True((await Manage.ActAsync(id, ChangeAction.Start, admin)).Succeeded);
            Assert.True((await Manage.ActAsync(id, i == 3 ? ChangeAction.RollBack : ChangeAction.Complete, admin, i == 3 ? "Errors after deploy" : null)).Succeeded);
        }

        var (_, emergency) = await Manage.RecordAsync(new ChangeRequest(service, "Hotfix", ChangeKind.Configuration, ChangeType.Emergency, ChangeRisk.High), admin, ChangeSource.Portal, submit: true);
        await Manage.ActAsync(emergency!.Value, ChangeAction.Complete, admin);
        var (filter, _) = ReportFilter.Parse("period=7d", App.Clock.GetUtcNow());

        var report = await App.Services.GetRequiredService<ReportChanges>().HandleAsync(filter! with { ServiceId = service });

        var page = (await App.Services.GetRequiredService<MeasureCompliance>().HandleAsync()).Services.Single(s => s.Id == service);
        Assert.Equal(0.9m, report.Goal);
        Assert.Equal((5, page.Total), (report.Current.Total, report.Current.Total));
        Assert.Equal((page.Through, page.Pending, page.Rate), (report.Current.Through, report.Current.Pending, report.Current.Rate));
        Assert.Equal(report.Current.Total, report.Weeks.Sum(w => w.Total));
        Assert.Equal(4, report.Dora.Figures.Deployments);
        Assert.Equal(0.25m, report.Dora.Figures.ChangeFailureRate);
        Assert.Equal(DoraBand.Low, report.Dora.FailureRate);
        Assert.Equal(DoraBands.Frequency(4, report.Dora.Figures.DeploymentsPerWeek), report.Dora.Frequency);

        var api = await ApiClientAsync(Role.Viewer);
        var json = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/reports/changes?period=7d&service={service}"))!;
        Assert.Equal(0.9, json["goal"]!.GetValue<double>());
        Assert.Equal(5, json["compliance"]!["changes"]!.GetValue<int>());
        Assert.Equal("Low", json["dora"]!["changeFailureRateBand"]!.GetValue<string>());
    }
}
