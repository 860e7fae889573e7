using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Web.Features.Changes.Compliance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

public sealed class SnapshotComplianceTests(ChangesApp app) : ChangesUseCaseTests(app)
{
    [Fact]
    public async Task Daily_RecordsADayOnceItIsFinal_EmergencyApprovedInTimeCountsAsThrough_LaterEditsDoNotRewriteIt()
    {
        var serviceId = await ServiceAsync();
        var admin = await PersonAsync(Role.Admin);
        var through = await ApprovedChangeAsync(serviceId);
        await Manage.ActAsync(through, ChangeAction.Complete, admin);
        var developer = await PersonAsync(Role.Developer);
        var (_, emergency) = await Manage.RecordAsync(new ChangeRequest(serviceId, "Hotfix", ChangeKind.Configuration, ChangeType.Emergency, ChangeRisk.High), developer, ChangeSource.Portal, submit: true);
        await Manage.ActAsync(emergency!.Value, ChangeAction.Complete, developer);
        var day = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);
        var job = App.Services.GetRequiredService<SnapshotCompliance>();

        await job.HandleAsync();
        Assert.Equal(0, await CountAsync(serviceId));
        // The next day its emergency may still be approved in time: not final, not recorded.
        App.Clock.Advance(TimeSpan.FromDays(1));
        await job.HandleAsync();
        Assert.Equal(0, await CountAsync(serviceId));

        await Manage.ActAsync(emergency.Value, ChangeAction.Approve, await PersonAsync(Role.Admin));
        await Manage.ActAsync(emergency.Value, ChangeAction.Approve, await PersonAsync(Role.Admin));
        App.Clock.Advance(TimeSpan.FromDays(6));
        await job.HandleAsync();
        await job.HandleAsync();
        await using (var db = await App.NewDbContextAsync())
        {
            await db.Changes.Where(c => c.Id == through).ExecuteUpdateAsync(u => u.SetProperty(c => c.Bypassed, true));
        }

        App.Clock.Advance(TimeSpan.FromDays(1));
        await job.HandleAsync();

        await using var check = await App.NewDbContextAsync();
        var row = Assert.Single(await check.ComplianceSnapshots.Where(s => s.ServiceId == serviceId).ToListAsync());
        Assert.Equal((day, 2, 2, 0), (row.Day, row.Total, row.Through, row.Pending));
    }

    [Fact]
    public async Task Trend_AWeekTheSnapshotsCover_ReadFromThem_NotFromTheEditedRecords()
    {
        var serviceId = await ServiceAsync();
        var admin = await PersonAsync(Role.Admin);
        var developer = await PersonAsync(Role.Developer);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var (_, emergency) = await Manage.RecordAsync(new ChangeRequest(serviceId, $"Hotfix {i}", ChangeKind.Configuration, ChangeType.Emergency, ChangeRisk.High), developer, ChangeSource.Portal, submit: true);
            await Manage.ActAsync(emergency!.Value, ChangeAction.Complete, developer);
            ids.Add(emergency.Value);
        }

        var week = ChangeCompliance.WeekOf(App.Clock.GetUtcNow());
        App.Clock.Advance(TimeSpan.FromDays(16));
        await App.Services.GetRequiredService<SnapshotCompliance>().HandleAsync();
        var measure = App.Services.GetRequiredService<MeasureCompliance>();
        var before = (await measure.HandleAsync(withBreakdown: false)).Trend.Single(w => w.Week == week);
        int snapshotTotal, snapshotThrough;
        await using (var db = await App.NewDbContextAsync())
        {
            var monday = DateOnly.FromDateTime(week.UtcDateTime);
            var rows = await db.ComplianceSnapshots.Where(s => s.Day >= monday && s.Day < monday.AddDays(7)).ToListAsync();
            (snapshotTotal, snapshotThrough) = (rows.Sum(r => r.Total), rows.Sum(r => r.Through));
            // A later edit: the three unapproved emergencies are made normal, approved ones.
            await db.Changes.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.Type, ChangeType.Standard));
        }

        var after = (await measure.HandleAsync(withBreakdown: false)).Trend.Single(w => w.Week == week);

        Assert.True(snapshotTotal >= 3);
        Assert.Equal((snapshotTotal, snapshotThrough), (before.Total, before.Through));
        Assert.Equal((before.Total, before.Through, before.Rate), (after.Total, after.Through, after.Rate));
    }

    private async Task<int> CountAsync(long serviceId)
    {
        await using var db = await App.NewDbContextAsync();
        return await db.ComplianceSnapshots.CountAsync(s => s.ServiceId == serviceId);
    }
}
