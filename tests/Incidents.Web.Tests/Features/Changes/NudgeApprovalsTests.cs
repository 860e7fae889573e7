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

    private RequestApprovals Requests => App.Services.GetRequiredService<RequestApprovals>();

    private async Task<List<(string Key, string Subject, string? Buttons)>> AskedAsync(long changeId)
    {
        await using var db = await App.NewDbContextAsync();
        var prefix = $"chg-decide:{changeId}:";
        return (await db.Notices.Where(n => n.Key.StartsWith(prefix)).OrderBy(n => n.Id).Select(n => new { n.Key, n.Subject, n.ChatButtons }).ToListAsync())
            .Select(n => (n.Key[prefix.Length..], n.Subject, n.ChatButtons)).ToList();
    }

    [Fact]
    public async Task Requests_NormalChange_TheOwningTeamButNotTheRequesterIsAskedOnce_NobodyAfterTheDecision()
    {
        var serviceId = await ServiceAsync();
        var requester = await PersonAsync(Role.Developer);
        var colleague = await PersonAsync(Role.Developer);
        await App.JoinOwningTeamAsync(serviceId, requester.Id!);
        await App.JoinOwningTeamAsync(serviceId, colleague.Id!);
        var (_, id) = await Manage.RecordAsync(new ChangeRequest(serviceId, "Upgrade the ORM", ChangeKind.Deployment, ChangeType.Normal, ChangeRisk.Medium), requester, ChangeSource.Portal, submit: true);

        await Requests.HandleAsync();
        await Requests.HandleAsync();

        var asked = Assert.Single(await AskedAsync(id!.Value));
        Assert.Equal((colleague.Id!, $"CHG-{id} Upgrade the ORM needs your approval"), (asked.Key, asked.Subject));
        Assert.Contains($"approve CHG-{id}", asked.Buttons, StringComparison.Ordinal);
        Assert.Contains($"reject CHG-{id}", asked.Buttons, StringComparison.Ordinal);
        Assert.True((await Manage.ActAsync(id.Value, ChangeAction.Approve, colleague)).Succeeded);

        var other = await PersonAsync(Role.Developer);
        await App.JoinOwningTeamAsync(serviceId, other.Id!);
        await Requests.HandleAsync();
        Assert.Single(await AskedAsync(id.Value));
    }

    [Fact]
    public async Task Requests_TeamOfOnlyTheRequester_TheAdminsAreAsked_DraftsAndStandardChangesNever()
    {
        var serviceId = await ServiceAsync();
        var requester = await PersonAsync(Role.Developer);
        await App.JoinOwningTeamAsync(serviceId, requester.Id!);
        var admin = await PersonAsync(Role.Admin);
        var (_, normal) = await Manage.RecordAsync(new ChangeRequest(serviceId, "Move the queue", ChangeKind.Infrastructure, ChangeType.Normal, ChangeRisk.High), requester, ChangeSource.Portal, submit: true);
        var (_, draft) = await Manage.RecordAsync(new ChangeRequest(serviceId, "Not yet", ChangeKind.Other, ChangeType.Normal, ChangeRisk.Low), requester, ChangeSource.Portal, submit: false);
        var (_, standard) = await Manage.RecordAsync(new ChangeRequest(serviceId, "Weekly patch", ChangeKind.Deployment, ChangeType.Standard, ChangeRisk.Low), requester, ChangeSource.Portal, submit: true);

        await Requests.HandleAsync();

        var asked = await AskedAsync(normal!.Value);
        Assert.Contains(asked, a => a.Key == admin.Id);
        Assert.DoesNotContain(asked, a => a.Key == requester.Id);
        Assert.Empty(await AskedAsync(draft!.Value));
        Assert.Empty(await AskedAsync(standard!.Value));
    }

    [Fact]
    public async Task Requests_BypassingDeployment_TheTeamIsAskedAfterTheFact()
    {
        var repository = $"acme/{Guid.NewGuid():N}";
        var serviceId = await ServiceAsync(repository);
        var first = await PersonAsync(Role.Developer);
        var second = await PersonAsync(Role.Responder);
        await App.JoinOwningTeamAsync(serviceId, first.Id!);
        await App.JoinOwningTeamAsync(serviceId, second.Id!);
        await App.CreateClient().SendAsync(GitHubDelivery(GitHubEvent(repository, 9, "success")));
        var change = Assert.Single(await ChangesOfAsync(serviceId));

        await Requests.HandleAsync();

        var asked = await AskedAsync(change.Id);
        Assert.Equal(new[] { first.Id!, second.Id! }.Order(), asked.Select(a => a.Key).Order());
        Assert.All(asked, a => Assert.Equal($"{change.Number} {change.Title} needs approval after the fact", a.Subject));
    }
}
