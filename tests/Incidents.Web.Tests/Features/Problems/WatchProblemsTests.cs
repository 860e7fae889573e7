using Incidents.Domain.Incidents;
using Incidents.Domain.Problems;
using Incidents.Web.Features.Notices;
using Incidents.Web.Features.Problems;
using Incidents.Web.Features.Problems.List;
using Incidents.Web.Features.Problems.Show;
using Incidents.Web.Features.Problems.Watch;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Problems;

/// <summary>Countermeasures drive a problem into its watch window, which a recurrence reopens and a clean window verifies (<see cref="Web.Features.Problems.Watch.WatchProblems"/>).</summary>
public sealed class WatchProblemsTests : ProblemUseCaseTests
{
    [Fact]
    public async Task Countermeasures_StartAndFinish_DriveTheProblemIntoItsWatchWindow()
    {
        var incidentId = await IncidentFromAlertAsync("DiskFull", "worker-1");

        var (problemId, countermeasureId) = await FixedProblemAsync(incidentId);

        var problem = (await Get<ShowProblem>().HandleAsync(problemId))!;
        Assert.Equal(ProblemStatus.Resolved, problem.Status);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(30), problem.WatchUntil);
        Assert.Equal(CountermeasureState.Done, problem.Countermeasures.Single(c => c.Id == countermeasureId).State);
        Assert.Contains(problem.History, h => h.Kind == ProblemEventKind.FixShipped);
        Assert.Contains(problem.History, h => h.Kind == ProblemEventKind.StatusChanged && h.Text.StartsWith("Fix in progress", StringComparison.Ordinal));
        // A resolved problem can still take incidents: it is offered by number and by words of its title.
        Assert.Equal([problemId], (await Get<ListProblems>().LinkableAsync(Problem.Format(problemId))).Select(p => p.Id));
        Assert.Contains(await Get<ListProblems>().LinkableAsync("payment workers"), p => p.Id == problemId);
    }

    [Fact]
    public async Task Recurrence_InsideTheWindow_ReopensMarksIneffectiveStampsBothTimelinesAndTellsTheOwner()
    {
        var first = await IncidentFromAlertAsync("DiskFull", "worker-1");
        var (problemId, countermeasureId) = await FixedProblemAsync(first);

        app.Clock.Advance(TimeSpan.FromDays(12));
        var recurrence = await IncidentFromAlertAsync("DiskFull", "worker-3");
        var result = await Get<WatchProblems>().HandleAsync();

        Assert.Equal((1, 1, 0), (result.Linked, result.Recurred, result.Verified));
        var problem = (await Get<ShowProblem>().HandleAsync(problemId))!;
        Assert.Equal(ProblemStatus.Investigating, problem.Status);
        Assert.Null(problem.WatchUntil);
        var countermeasure = problem.Countermeasures.Single(c => c.Id == countermeasureId);
        Assert.True(countermeasure.Ineffective);
        Assert.Equal(CountermeasureState.InProgress, countermeasure.State);
        Assert.Contains(problem.History, h => h.Kind == ProblemEventKind.Recurred && h.Text.Contains(Incident.Format(recurrence), StringComparison.Ordinal));
        Assert.Contains(await TimelineAsync(recurrence), t => t.Kind == TimelineKind.Recurred && t.Text.StartsWith($"Recurrence of {Problem.Format(problemId)}", StringComparison.Ordinal));

        // The owner of the countermeasure and the problem's owner each hear of it (besides the owner's earlier assignment).
        var sent = await Get<SendNotices>().HandleAsync();
        Assert.Equal(3, sent);
        Assert.Equal(0, await Get<SendNotices>().HandleAsync());
        var mail = Assert.Single(smtp.Received, m => m.To.Contains("olivia@example.test") && m.Data.Contains("recurred", StringComparison.Ordinal));
        Assert.Contains("Ship logrotate config in the worker image", mail.Data, StringComparison.Ordinal);
        Assert.Contains(smtp.Received, m => m.To.Contains("ana@example.test") && m.Data.Contains("recurred", StringComparison.Ordinal));
        Assert.Contains(smtp.Received, m => m.To.Contains("olivia@example.test") && m.Data.Contains("You own a countermeasure", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WatchWindow_PassedCleanly_VerifiesProblemAndCountermeasures_LaterIncidentDoesNotReopen()
    {
        var first = await IncidentFromAlertAsync("DiskFull", "worker-1");
        var (problemId, countermeasureId) = await FixedProblemAsync(first);

        app.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, (await Get<WatchProblems>().HandleAsync()).Verified);
        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var result = await Get<WatchProblems>().HandleAsync();

        Assert.Equal(1, result.Verified);
        var problem = (await Get<ShowProblem>().HandleAsync(problemId))!;
        Assert.Equal(ProblemStatus.Verified, problem.Status);
        Assert.Equal(CountermeasureState.Verified, problem.Countermeasures.Single(c => c.Id == countermeasureId).State);
        Assert.DoesNotContain(await Get<ListProblems>().LinkableAsync(null), p => p.Id == problemId);

        var later = await IncidentFromAlertAsync("DiskFull", "worker-2");
        var after = await Get<WatchProblems>().HandleAsync();
        Assert.Equal((0, 0), (after.Linked, after.Recurred));
        Assert.Equal(ProblemStatus.Verified, (await Get<ShowProblem>().HandleAsync(problemId))!.Status);
        Assert.DoesNotContain(await TimelineAsync(later), t => t.Kind == TimelineKind.Recurred);
    }
}
