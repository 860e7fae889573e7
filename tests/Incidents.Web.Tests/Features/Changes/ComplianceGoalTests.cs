using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Web.Features.Catalog.Teams;
using Incidents.Web.Features.Changes.Compliance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

/// <summary>A team's own compliance goal overrides the installation's on the changes page's breakdown.</summary>
public sealed class ComplianceGoalTests(ChangesApp app) : ChangesUseCaseTests(app)
{
    [Fact]
    public async Task TeamGoal_HoldsTheTeamAndItsServices_OthersKeepTheInstallationGoal()
    {
        var strict = await ServiceAsync();
        var relaxed = await ServiceAsync();
        var teams = App.Services.GetRequiredService<ManageTeams>();
        long strictTeam;
        await using (var db = await App.NewDbContextAsync())
        {
            strictTeam = await db.Services.Where(s => s.Id == strict).Select(s => s.TeamId).SingleAsync();
        }

        var row = (await teams.ListAsync()).Single(t => t.Id == strictTeam);
        var (saved, _) = await teams.SaveAsync(strictTeam, new TeamInput(row.Name, row.ChatChannel, row.MemberIds, 0.995m), Domain.Actor.System);
        Assert.True(saved.Succeeded, saved.Error);
        var admin = await PersonAsync(Role.Admin);
        foreach (var service in new[] { strict, relaxed })
        {
            await Manage.ActAsync(await ApprovedChangeAsync(service), ChangeAction.Complete, admin);
            var (_, emergency) = await Manage.RecordAsync(new ChangeRequest(service, "Hotfix", ChangeKind.Configuration, ChangeType.Emergency, ChangeRisk.High), admin, ChangeSource.Portal, submit: true);
            await Manage.ActAsync(emergency!.Value, ChangeAction.Complete, admin);
        }

        var report = await App.Services.GetRequiredService<MeasureCompliance>().HandleAsync();

        Assert.Equal(0.995m, report.Teams.Single(t => t.Id == strictTeam).Goal);
        Assert.Equal(0.995m, report.Services.Single(s => s.Id == strict).Goal);
        Assert.Equal(ChangeCompliance.DefaultGoal, report.Services.Single(s => s.Id == relaxed).Goal);
        Assert.False(report.Services.Single(s => s.Id == strict).Meets);
        Assert.Equal(0.995m, (await teams.ListAsync()).Single(t => t.Id == strictTeam).ComplianceGoal);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.2)]
    public async Task TeamGoal_OutOfRange_RefusedAndUnchanged(double goal)
    {
        var serviceId = await ServiceAsync();
        var teams = App.Services.GetRequiredService<ManageTeams>();
        await using var db = await App.NewDbContextAsync();
        var teamId = await db.Services.Where(s => s.Id == serviceId).Select(s => s.TeamId).SingleAsync();
        var row = (await teams.ListAsync()).Single(t => t.Id == teamId);

        var (outcome, _) = await teams.SaveAsync(teamId, new TeamInput(row.Name, row.ChatChannel, row.MemberIds, (decimal)goal), Domain.Actor.System);

        Assert.Equal("Set the compliance goal between 50 % and 100 %, or leave it empty for the installation's goal.", outcome.Error);
        Assert.Null((await teams.ListAsync()).Single(t => t.Id == teamId).ComplianceGoal);
    }
}
