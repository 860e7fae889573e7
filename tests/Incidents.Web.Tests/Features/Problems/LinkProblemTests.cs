using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.Problems;
using Incidents.Web.Features.Problems;
using Incidents.Web.Features.Problems.Link;
using Incidents.Web.Features.Problems.OnIncident;
using Incidents.Web.Features.Problems.Show;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Problems;

/// <summary>Incidents from alerts carry a fingerprint; a problem is created from an incident and linked both ways (<see cref="Web.Features.Problems.Link.LinkProblem"/>).</summary>
public sealed class LinkProblemTests : ProblemUseCaseTests
{
    [Fact]
    public async Task AlertIncident_Fingerprint_IsServiceAndAlertName()
    {
        var incidentId = await IncidentFromAlertAsync("DiskFull", "worker-1");

        await using var db = await app.NewDbContextAsync();
        Assert.Equal($"{serviceId}|DiskFull", (await db.Incidents.SingleAsync(i => i.Id == incidentId)).Fingerprint);
    }

    [Fact]
    public async Task CreateFromIncident_LinksBothWays_SecondLinkElsewhereConflicts()
    {
        var incidentId = await IncidentFromAlertAsync("DiskFull", "worker-1");

        var (outcome, problemId) = await Get<LinkProblem>().CreateFromIncidentAsync(incidentId, null, analyst);
        var again = await Get<LinkProblem>().CreateFromIncidentAsync(incidentId, null, analyst);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(OutcomeKind.Conflict, again.Outcome.Kind);
        var problem = (await Get<ShowProblem>().HandleAsync(problemId!.Value))!;
        Assert.Equal($"{serviceId}|DiskFull", problem.Fingerprint);
        Assert.Equal(analyst.Id, problem.OwnerId);
        Assert.Equal([incidentId], problem.Incidents.Select(i => i.Id));
        Assert.Contains(problem.History, h => h.Kind == ProblemEventKind.IncidentLinked);
        Assert.Contains(await TimelineAsync(incidentId), t => t.Kind == TimelineKind.ProblemLinked && t.Text.Contains(Problem.Format(problemId.Value), StringComparison.Ordinal));
        Assert.Equal(problemId, (await Get<IncidentProblems>().HandleAsync(incidentId)).Linked!.Id);

        Assert.True((await Get<LinkProblem>().UnlinkAsync(problemId.Value, incidentId, analyst)).Succeeded);
        Assert.Null((await Get<IncidentProblems>().HandleAsync(incidentId)).Linked);
        Assert.Contains(await TimelineAsync(incidentId), t => t.Kind == TimelineKind.ProblemUnlinked);
    }
}
