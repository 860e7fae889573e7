using Incidents.Domain;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Tests.Features.OnCall;

/// <summary>Paging stops in the transaction that resolves (<see cref="Web.Features.OnCall.Paging.StopEscalation"/>).</summary>
public sealed class StopEscalationTests : PagingUseCaseTests
{
    [Fact]
    public async Task Resolve_EscalationStoppedInTheSameTransaction_NoListenerNeeded()
    {
        var id = await OpenSev1Async();

        Assert.True((await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Resolve, new Actor(ana, "ana"), comment: "Fixed")).Succeeded);

        // Read at once: the stop did not wait for any subscriber.
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(RunStatus.Resolved, (await db.EscalationRuns.SingleAsync(r => r.IncidentId == id)).Status);
        Assert.All(await db.EscalationSteps.Where(s => s.IncidentId == id).ToListAsync(), s => Assert.NotEqual(StepStatus.Pending, s.Status));
    }
}
