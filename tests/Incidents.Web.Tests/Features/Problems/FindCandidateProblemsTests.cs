using Incidents.Web.Features.Problems.Candidates;
using Incidents.Web.Features.Problems.Link;
using Incidents.Web.Features.Problems.Show;

namespace Incidents.Web.Tests.Features.Problems;

/// <summary>Incidents that keep recurring without a problem (<see cref="Web.Features.Problems.Candidates.FindCandidateProblems"/>).</summary>
public sealed class FindCandidateProblemsTests : ProblemUseCaseTests
{
    [Fact]
    public async Task Candidates_ThreeTimesInThirtyDays_FlaggedUntilAProblemTakesThem()
    {
        await IncidentFromAlertAsync("QueueBacklog", "worker-1");
        app.Clock.Advance(TimeSpan.FromDays(10));
        await IncidentFromAlertAsync("QueueBacklog", "worker-2");
        await IncidentFromAlertAsync("HighLatency", "worker-2");
        Assert.Empty(await Get<FindCandidateProblems>().HandleAsync());

        app.Clock.Advance(TimeSpan.FromDays(10));
        var third = await IncidentFromAlertAsync("QueueBacklog", "worker-3");
        var candidate = Assert.Single(await Get<FindCandidateProblems>().HandleAsync());
        Assert.Equal((3, "QueueBacklog", serviceId), (candidate.Count, candidate.Key, candidate.ServiceId));
        Assert.Equal(third, candidate.IncidentIds[^1]);

        var (outcome, problemId) = await Get<LinkProblem>().CreateAsync("Queue backlog keeps building", candidate.ServiceId, candidate.Fingerprint, candidate.IncidentIds, analyst);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Empty(await Get<FindCandidateProblems>().HandleAsync());
        Assert.Equal(3, (await Get<ShowProblem>().HandleAsync(problemId!.Value))!.Incidents.Count);
    }

    [Fact]
    public async Task Candidates_OlderThanThirtyDays_NoLongerCount()
    {
        await IncidentFromAlertAsync("QueueBacklog", "worker-1");
        app.Clock.Advance(TimeSpan.FromDays(20));
        await IncidentFromAlertAsync("QueueBacklog", "worker-2");
        await IncidentFromAlertAsync("QueueBacklog", "worker-3");
        Assert.Single(await Get<FindCandidateProblems>().HandleAsync());

        app.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromHours(1));

        Assert.Empty(await Get<FindCandidateProblems>().HandleAsync());
    }
}
