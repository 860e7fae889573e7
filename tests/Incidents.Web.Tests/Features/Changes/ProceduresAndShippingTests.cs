using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Domain.Problems;
using Incidents.Web.Features.Changes.Procedures;
using Incidents.Web.Features.Changes.Show;
using Incidents.Web.Features.Problems.Countermeasures;
using Incidents.Web.Features.Problems.Link;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

public sealed class ProceduresAndShippingTests(ChangesApp app) : ChangesUseCaseTests(app)
{
    private ManageProcedures Procedures => App.Services.GetRequiredService<ManageProcedures>();

    [Fact]
    public async Task Procedures_DefaultsThenANewVersion_OldChangesKeepTheirs_NewOnesFollowTheNew()
    {
        var serviceId = await ServiceAsync();
        var admin = await PersonAsync(Role.Admin);
        var before = await ApprovedChangeAsync(serviceId);
        var current = (await Procedures.HistoryAsync()).First(v => v.Type == ChangeType.Normal);
        Assert.Equal(ChangeProcedure.DefaultSteps(ChangeType.Normal), current.Steps);

        var (published, version) = await Procedures.ReviseAsync(ChangeType.Normal, [.. current.Steps, "Customer support told"], "Support learnt of releases from customers (PRB-4).", null, admin);
        var after = await ApprovedChangeAsync(serviceId);

        Assert.True(published.Succeeded, published.Error);
        Assert.Equal(current.Version + 1, version);
        var show = App.Services.GetRequiredService<ShowChange>();
        Assert.Equal(current.Version, (await show.HandleAsync(before, admin))!.Checklist.Version);
        var newer = (await show.HandleAsync(after, admin))!.Checklist;
        Assert.Equal(version, newer.Version);
        Assert.Equal("Customer support told", newer.Steps[^1].Title);
        var history = (await Procedures.HistoryAsync()).Where(v => v.Type == ChangeType.Normal).ToList();
        Assert.Equal("Support learnt of releases from customers (PRB-4).", history[0].Note);
        Assert.Equal(admin.Name, history[0].PublishedByName);
    }

    [Theory]
    [InlineData(new string[0], "why", "at least one step")]
    [InlineData(new[] { "Deployed", "deployed" }, "why", "Each step appears once.")]
    [InlineData(new[] { "Deployed" }, "", "Say what changed and why")]
    public async Task Procedures_BadRevision_RefusedAndNoNewVersion(string[] steps, string note, string says)
    {
        var admin = await PersonAsync(Role.Admin);
        var count = (await Procedures.HistoryAsync()).Count;

        var (outcome, _) = await Procedures.ReviseAsync(ChangeType.Standard, steps, note, null, admin);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Contains(says, outcome.Error, StringComparison.Ordinal);
        Assert.Equal(count, (await Procedures.HistoryAsync()).Count);
    }

    [Fact]
    public async Task Checklist_StepsTickedByWhoMayMoveTheChange_RecordedWithWhoAndWhen_NotByAViewer()
    {
        var serviceId = await ServiceAsync();
        var id = await ApprovedChangeAsync(serviceId);
        var developer = await PersonAsync(Role.Developer);
        var viewer = await PersonAsync(Role.Viewer);

        Assert.True((await Manage.MarkStepAsync(id, 0, done: true, developer)).Succeeded);
        Assert.Equal(OutcomeKind.Conflict, (await Manage.MarkStepAsync(id, 0, done: true, developer)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await Manage.MarkStepAsync(id, 1, done: true, viewer)).Kind);
        Assert.Equal(OutcomeKind.Invalid, (await Manage.MarkStepAsync(id, 99, done: true, developer)).Kind);
        Assert.True((await Manage.MarkStepAsync(id, 3, done: true, developer)).Succeeded);
        Assert.True((await Manage.MarkStepAsync(id, 3, done: false, developer)).Succeeded);

        var checklist = (await App.Services.GetRequiredService<ShowChange>().HandleAsync(id, viewer))!.Checklist;
        Assert.Equal(1, checklist.Done);
        Assert.Equal(developer.Name, checklist.Steps[0].DoneBy);
        Assert.Equal(App.Clock.GetUtcNow(), checklist.Steps[0].DoneAt);
        Assert.False(checklist.CanTick);
        await using var db = await App.NewDbContextAsync();
        Assert.Contains(await db.ChangeEvents.Where(e => e.ChangeId == id).Select(e => e.Text).ToListAsync(), t => t == "Done: Described and estimated.");
    }

    [Fact]
    public async Task ChangeShippingACountermeasure_CompletesInProduction_CountermeasureDone_WatchStartsThen()
    {
        var serviceId = await ServiceAsync();
        var admin = await PersonAsync(Role.Admin);
        var (_, problemId) = await App.Services.GetRequiredService<LinkProblem>().CreateAsync("Pool exhausted", serviceId, null, [], admin);
        var countermeasures = App.Services.GetRequiredService<ManageCountermeasures>();
        var (_, countermeasureId) = await countermeasures.AddAsync(new CountermeasureInput("Raise the pool limit to 200", null, CountermeasureKind.ConfigurationHardware, null, null, 2, null, problemId), admin);
        var requester = await PersonAsync(Role.Developer);
        var (recorded, changeId) = await Manage.RecordAsync(new ChangeRequest(serviceId, "Raise the pool limit", ChangeKind.Configuration, ChangeType.Standard, ChangeRisk.Low,
            CountermeasureId: countermeasureId), requester, ChangeSource.Portal, submit: true);
        Assert.True(recorded.Succeeded, recorded.Error);
        App.Clock.Advance(TimeSpan.FromHours(3));

        Assert.True((await Manage.ActAsync(changeId!.Value, ChangeAction.Complete, requester)).Succeeded);

        await using var db = await App.NewDbContextAsync();
        var countermeasure = await db.Countermeasures.SingleAsync(c => c.Id == countermeasureId);
        Assert.Equal(CountermeasureState.Done, countermeasure.State);
        Assert.Equal((App.Clock.GetUtcNow(), changeId), (countermeasure.ShippedAt!.Value, countermeasure.ShippedByChangeId));
        var problem = await db.Problems.SingleAsync(p => p.Id == problemId);
        Assert.Equal(ProblemStatus.Resolved, problem.Status);
        Assert.Equal(App.Clock.GetUtcNow().AddDays(30), problem.WatchUntil);
    }

    [Fact]
    public async Task TicketClosedFirst_FixReachesProductionLater_WatchRestartsFromProduction()
    {
        var serviceId = await ServiceAsync();
        var admin = await PersonAsync(Role.Admin);
        var (_, problemId) = await App.Services.GetRequiredService<LinkProblem>().CreateAsync("Retry storm", serviceId, null, [], admin);
        var countermeasures = App.Services.GetRequiredService<ManageCountermeasures>();
        var (_, countermeasureId) = await countermeasures.AddAsync(new CountermeasureInput("Cap retries", null, CountermeasureKind.SoftwareFix, null, null, 2, null, problemId), admin);
        var (_, changeId) = await Manage.RecordAsync(new ChangeRequest(serviceId, "Release 2.4 with capped retries", ChangeKind.Deployment, ChangeType.Standard, ChangeRisk.Low,
            CountermeasureId: countermeasureId), admin, ChangeSource.Portal, submit: true);
        // The ticket closes (the board, or the backlog's webhook): the problem is resolved and watched from now...
        foreach (var state in new[] { CountermeasureState.Accepted, CountermeasureState.InProgress, CountermeasureState.Done })
        {
            Assert.True((await countermeasures.MoveAsync(countermeasureId!.Value, state, admin)).Succeeded);
        }

        await using (var before = await App.NewDbContextAsync())
        {
            Assert.Equal(App.Clock.GetUtcNow().AddDays(30), (await before.Problems.SingleAsync(p => p.Id == problemId)).WatchUntil);
        }

        var ticketClosed = App.Clock.GetUtcNow();
        App.Clock.Advance(TimeSpan.FromDays(5));

        // ...but the fix reaches production five days later: the watch runs from then.
        Assert.True((await Manage.ActAsync(changeId!.Value, ChangeAction.Complete, admin)).Succeeded);

        await using var db = await App.NewDbContextAsync();
        var problem = await db.Problems.SingleAsync(p => p.Id == problemId);
        Assert.Equal(ProblemStatus.Resolved, problem.Status);
        Assert.Equal(App.Clock.GetUtcNow(), problem.ResolvedAt);
        Assert.Equal(CountermeasureState.Done, (await db.Countermeasures.SingleAsync(c => c.Id == countermeasureId)).State);
        Assert.Equal(ticketClosed.AddDays(35), problem.WatchUntil);
        Assert.Equal(changeId, (await db.Countermeasures.SingleAsync(c => c.Id == countermeasureId)).ShippedByChangeId);
        var texts = await db.ProblemHistory.Where(h => h.ProblemId == problemId).OrderBy(h => h.Id).Select(h => h.Text).ToListAsync();
        Assert.StartsWith($"The fix reached production with CHG-{changeId}: watching for a recurrence until", texts[^1], StringComparison.Ordinal);
    }
}
