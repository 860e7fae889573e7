using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Web.Features.Changes.Approvals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

public sealed class NudgeApprovalsTests(ChangesApp app) : ChangesUseCaseTests(app)
{
    private NudgeApprovals Nudge => App.Services.GetRequiredService<NudgeApprovals>();

    private async Task<List<string>> NoticesAsync(string userId)
    {
        await using var db = await App.NewDbContextAsync();
        return await db.Notices.Where(n => n.UserId == userId).OrderBy(n => n.Id).Select(n => n.Subject).ToListAsync();
    }

    [Fact]
    public async Task Emergency_RequesterNudgedOnceADayUntilApproved_NotAfter()
    {
        var serviceId = await ServiceAsync();
        var developer = await PersonAsync(Role.Developer);
        var (_, id) = await Manage.RecordAsync(new ChangeRequest(serviceId, "Disable the coupon endpoint", ChangeKind.Configuration, ChangeType.Emergency, ChangeRisk.High),
            developer, ChangeSource.Portal, submit: true);
        await Manage.ActAsync(id!.Value, ChangeAction.Complete, developer);

        await Nudge.HandleAsync();
        await Nudge.HandleAsync();
        Assert.Equal([$"CHG-{id} needs 2 more approvals by " + ChangeCompliance.ApprovalDeadline(await ChangeAsync(id.Value), 2).ToString("ddd d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC"],
            await NoticesAsync(developer.Id!));

        App.Clock.Advance(TimeSpan.FromDays(1));
        await Manage.ActAsync(id.Value, ChangeAction.Approve, await PersonAsync(Role.Admin));
        await Nudge.HandleAsync();
        Assert.Equal(2, (await NoticesAsync(developer.Id!)).Count);
        Assert.StartsWith($"CHG-{id} needs 1 more approval by", (await NoticesAsync(developer.Id!))[^1], StringComparison.Ordinal);

        await Manage.ActAsync(id.Value, ChangeAction.Approve, await PersonAsync(Role.Admin));
        App.Clock.Advance(TimeSpan.FromDays(1));
        await Nudge.HandleAsync();
        Assert.Equal(2, (await NoticesAsync(developer.Id!)).Count);
    }

    [Fact]
    public async Task Bypass_TheOwningTeamIsNudged_UntilTheDeadlinePasses()
    {
        var repository = $"acme/{Guid.NewGuid():N}";
        var serviceId = await ServiceAsync(repository);
        var member = await PersonAsync(Role.Developer);
        await App.JoinOwningTeamAsync(serviceId, member.Id!);
        await App.CreateClient().SendAsync(GitHubDelivery(GitHubEvent(repository, 5, "success")));

        await Nudge.HandleAsync();
        Assert.Single(await NoticesAsync(member.Id!));
        App.Clock.Advance(TimeSpan.FromDays(10));
        await Nudge.HandleAsync();
        Assert.Single(await NoticesAsync(member.Id!));
    }
}
