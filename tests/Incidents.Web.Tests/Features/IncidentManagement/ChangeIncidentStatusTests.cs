using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.Show;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>Acknowledge, mitigate, resolve, reopen, close: the life cycle and its concurrency.</summary>
public sealed class ChangeIncidentStatusTests : IncidentUseCaseTests
{
    [Fact]
    public async Task ChangeStatus_WholeLifeCycle_EveryStepStampedOnTimeline()
    {
        var id = await OpenAsync();
        var change = Get<ChangeIncidentStatus>();

        foreach (var action in new[] { StatusAction.Acknowledge, StatusAction.Mitigate, StatusAction.Resolve, StatusAction.Close, StatusAction.Reopen })
        {
            App.Clock.Advance(TimeSpan.FromMinutes(3));
            var outcome = await change.HandleAsync(id, action, Ana, comment: action == StatusAction.Resolve ? "Rolled back" : null);
            Assert.True(outcome.Succeeded, $"{action}: {outcome.Error}");
        }

        var details = (await Get<ShowIncident>().HandleAsync(id))!;
        Assert.Equal(IncidentStatus.Triggered, details.Status);
        Assert.Equal(
            [TimelineKind.Opened, TimelineKind.Paged, TimelineKind.Acknowledged, TimelineKind.CommanderAssigned, TimelineKind.Mitigated, TimelineKind.Resolved, TimelineKind.Closed, TimelineKind.Reopened, TimelineKind.Paged],
            details.Timeline.Reverse().Select(t => t.Kind));
        Assert.All(details.Timeline.Where(t => t.Kind is not (TimelineKind.Opened or TimelineKind.Paged)), t => Assert.Equal("Ana", t.ActorName));
    }

    [Fact]
    public async Task ChangeStatus_Illegal_ConflictAndNothingChanged()
    {
        var id = await OpenAsync();

        var outcome = await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Close, Ana);

        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
        Assert.Equal(IncidentStatus.Triggered, (await Get<ShowIncident>().HandleAsync(id))!.Status);
    }

    [Fact]
    public async Task ChangeStatus_UnknownIncident_NotFound()
    {
        var outcome = await Get<ChangeIncidentStatus>().HandleAsync(424242, StatusAction.Acknowledge, Ana);

        Assert.Equal(OutcomeKind.NotFound, outcome.Kind);
    }

    [Fact]
    public async Task ChangeStatus_SecondEditorWithStaleVersion_ToldWhoChangedIt()
    {
        var id = await OpenAsync();
        var seenByBoth = (await Get<ShowIncident>().HandleAsync(id))!.Version;
        var ben = new Actor("ben-id", "Ben");

        var first = await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Acknowledge, ben, seenByBoth);
        var second = await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Resolve, Ana, seenByBoth, "Restarted the pool");

        Assert.True(first.Succeeded);
        Assert.Equal(OutcomeKind.Conflict, second.Kind);
        Assert.Contains("changed by Ben", second.Error, StringComparison.Ordinal);
        Assert.Equal(IncidentStatus.Acknowledged, (await Get<ShowIncident>().HandleAsync(id))!.Status);
    }

    [Fact]
    public async Task ChangeStatus_ConcurrentWritersOnSameVersion_ExactlyOneWins()
    {
        var id = await OpenAsync();
        var version = (await Get<ShowIncident>().HandleAsync(id))!.Version;
        var change = Get<ChangeIncidentStatus>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            change.HandleAsync(id, StatusAction.Acknowledge, new Actor($"p{i}", $"Person {i}"), version)));

        Assert.Equal(1, outcomes.Count(o => o.Succeeded));
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal(OutcomeKind.Conflict, o.Kind));
        var details = (await Get<ShowIncident>().HandleAsync(id))!;
        Assert.Single(details.Timeline, t => t.Kind == TimelineKind.Acknowledged);
    }
}
