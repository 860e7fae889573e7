using Incidents.Domain.Incidents;
using Incidents.Domain.Problems;
using Incidents.Web.Features.Problems.Analyze;
using Incidents.Web.Features.Problems.Link;
using Incidents.Web.Features.Problems.OnIncident;
using Incidents.Web.Features.Problems.Show;
using Incidents.Web.Features.Problems.Watch;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Problems;

/// <summary>A known error's workaround on incidents that match it, and only while the problem is open (<see cref="Web.Features.Problems.OnIncident.IncidentProblems"/>).</summary>
public sealed class KnownErrorTests : ProblemUseCaseTests
{
    [Fact]
    public async Task KnownError_NewIncidentWithSameFingerprint_ShowsWorkaroundAndIsLinkedByTheWatch()
    {
        var first = await IncidentFromAlertAsync("DiskFull", "worker-1");
        var (_, problemId) = await Get<LinkProblem>().CreateFromIncidentAsync(first, null, analyst);
        var problem = (await Get<ShowProblem>().HandleAsync(problemId!.Value))!;
        await Get<AnalyzeProblem>().RecordAsync(problemId.Value, new AnalysisInput(["Disk full"], [], RootCauseCategory.Configuration, null, "Delete old archives and restart"), problem.Version, analyst);
        problem = (await Get<ShowProblem>().HandleAsync(problemId.Value))!;
        Assert.Equal(ProblemStatus.KnownError, problem.Status);
        Assert.Contains(problem.History, e => e.Text.EndsWith("New → Known error.", StringComparison.Ordinal));

        app.Clock.Advance(TimeSpan.FromHours(3));
        var second = await IncidentFromAlertAsync("DiskFull", "worker-7");
        var other = await IncidentFromAlertAsync("HighLatency", "worker-7");

        // Shown at once, before the watch job ran.
        var known = await Get<IncidentProblems>().HandleAsync(second);
        Assert.Equal([problemId.Value], known.KnownErrors.Select(k => k.Id));
        Assert.Equal("Delete old archives and restart", known.KnownErrors[0].Workaround);
        Assert.Empty((await Get<IncidentProblems>().HandleAsync(other)).KnownErrors);

        var result = await Get<WatchProblems>().HandleAsync();
        var twice = await Get<WatchProblems>().HandleAsync();

        Assert.Equal(1, result.Linked);
        Assert.Equal(0, twice.Linked);
        Assert.Equal(problemId, (await Get<IncidentProblems>().HandleAsync(second)).Linked!.Id);
        var line = Assert.Single(await TimelineAsync(second), t => t.Kind == TimelineKind.KnownError);
        Assert.Equal($"Known error {Problem.Format(problemId.Value)}: workaround Delete old archives and restart", line.Text);
        Assert.Equal(ProblemStatus.KnownError, (await Get<ShowProblem>().HandleAsync(problemId.Value))!.Status);
    }

    [Fact]
    public async Task KnownError_LinkedProblemClosed_BannerGone_OnTheLinkedIncidentToo()
    {
        var incidentId = await IncidentFromAlertAsync("DiskFull", "worker-1");
        var (_, problemId) = await Get<LinkProblem>().CreateFromIncidentAsync(incidentId, null, analyst);
        var version = (await Get<ShowProblem>().HandleAsync(problemId!.Value))!.Version;
        Assert.True((await Get<AnalyzeProblem>().RecordAsync(problemId.Value, new AnalysisInput(["Disk full"], [], RootCauseCategory.Configuration, null, "Delete old archives"), version, analyst)).Succeeded);
        Assert.Single((await Get<IncidentProblems>().HandleAsync(incidentId)).KnownErrors);

        version = (await Get<ShowProblem>().HandleAsync(problemId.Value))!.Version;
        Assert.True((await Get<AnalyzeProblem>().ApplyAsync(problemId.Value, ProblemAction.Close, "Service retired", version, analyst)).Succeeded);

        var info = await Get<IncidentProblems>().HandleAsync(incidentId);
        Assert.Equal(problemId, info.Linked!.Id);
        Assert.Empty(info.KnownErrors);
    }
}
