using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Web.Features.Changes.Compliance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

public sealed class SnapshotComplianceTests(ChangesApp app) : ChangesUseCaseTests(app)
{
    [Fact]
    public async Task Daily_RecordsEachFinishedDayOnce_LaterApprovalsDoNotRewriteIt()
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

        Assert.Equal(0, await job.HandleAsync() is var sameDay && sameDay >= 0 ? await CountAsync(serviceId) : -1);
        App.Clock.Advance(TimeSpan.FromDays(1));
        await job.HandleAsync();
        await job.HandleAsync();
        await Manage.ActAsync(emergency.Value, ChangeAction.Approve, await PersonAsync(Role.Admin));
        await Manage.ActAsync(emergency.Value, ChangeAction.Approve, await PersonAsync(Role.Admin));
        App.Clock.Advance(TimeSpan.FromDays(1));
        await job.HandleAsync();

        await using var db = await App.NewDbContextAsync();
        var row = Assert.Single(await db.ComplianceSnapshots.Where(s => s.ServiceId == serviceId).ToListAsync());
        Assert.Equal((day, 2, 1, 1), (row.Day, row.Total, row.Through, row.Pending));
    }

    private async Task<int> CountAsync(long serviceId)
    {
        await using var db = await App.NewDbContextAsync();
        return await db.ComplianceSnapshots.CountAsync(s => s.ServiceId == serviceId);
    }
}
