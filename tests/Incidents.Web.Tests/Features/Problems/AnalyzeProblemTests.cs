using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.Problems;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.Problems.Analyze;
using Incidents.Web.Features.Problems.Countermeasures;
using Incidents.Web.Features.Problems.Link;
using Incidents.Web.Features.Problems.Show;

namespace Incidents.Web.Tests.Features.Problems;

/// <summary>Owning and moving a problem through its analysis, on the version the editor saw (<see cref="Web.Features.Problems.Analyze.AnalyzeProblem"/>).</summary>
public sealed class AnalyzeProblemTests : ProblemUseCaseTests
{
    [Fact]
    public async Task AssignOwner_SecondEditorOnTheOldVersion_ToldItChanged()
    {
        var incidentId = await IncidentFromAlertAsync("DiskFull", "worker-1");
        var (_, problemId) = await Get<LinkProblem>().CreateFromIncidentAsync(incidentId, null, analyst);
        var version = (await Get<ShowProblem>().HandleAsync(problemId!.Value))!.Version;

        var first = await Get<AnalyzeProblem>().AssignOwnerAsync(problemId.Value, null, version, analyst);
        var second = await Get<AnalyzeProblem>().AssignOwnerAsync(problemId.Value, analyst.Id, version, analyst);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(OutcomeKind.Conflict, second.Kind);
        Assert.Null((await Get<ShowProblem>().HandleAsync(problemId.Value))!.OwnerId);
    }

    [Fact]
    public async Task Move_IllegalOrStale_ChangesNothing()
    {
        var (_, incidentId) = await Get<LogIncident>().HandleAsync(new NewIncident("Refunds fail", null, serviceId, Impact.Low, Urgency.Low), analyst);
        var (_, problemId) = await Get<LinkProblem>().CreateFromIncidentAsync(incidentId!.Value, null, analyst);
        var manage = Get<ManageCountermeasures>();
        var (_, id) = await manage.AddAsync(new CountermeasureInput("Runbook for refunds", null, CountermeasureKind.ProcessTraining, null, null, 3, null, problemId), analyst);
        var row = (await manage.FindAsync(id!.Value))!;

        var skip = await manage.MoveAsync(id.Value, CountermeasureState.Done, analyst);
        Assert.True((await manage.EditAsync(id.Value, new CountermeasureInput("Runbook for refunds v2", null, CountermeasureKind.ProcessTraining, owner.Id, null, 2, row.TeamId), row.Version, analyst)).Succeeded);
        var stale = await manage.EditAsync(id.Value, new CountermeasureInput("Lost update", null, CountermeasureKind.ProcessTraining, null, null, 2, row.TeamId), row.Version, analyst);
        var badOwner = await manage.AddAsync(new CountermeasureInput("x", null, CountermeasureKind.ProcessTraining, "nobody", null, 3, null, problemId), analyst);

        Assert.Equal(OutcomeKind.Conflict, skip.Kind);
        Assert.Equal(OutcomeKind.Conflict, stale.Kind);
        Assert.Equal(OutcomeKind.Invalid, badOwner.Outcome.Kind);
        var now = (await manage.FindAsync(id.Value))!;
        Assert.Equal(("Runbook for refunds v2", CountermeasureState.Proposed, "olivia"), (now.Title, now.State, now.OwnerName));
        Assert.Single(await manage.ForProblemAsync(problemId!.Value));
    }
}
