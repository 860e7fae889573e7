using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.Show;
using Incidents.Web.Features.IncidentManagement.Sla;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>The SLA job stamps each breach once.</summary>
public sealed class DetectSlaBreachesTests : IncidentUseCaseTests
{
    [Fact]
    public async Task SlaJob_AckDeadlinePassed_StampsOnceOnTimeline()
    {
        var id = await OpenAsync(impact: Impact.High, urgency: Urgency.High);
        var job = Get<DetectSlaBreaches>();

        Assert.Equal(0, await job.HandleAsync());
        App.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await job.HandleAsync());
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await job.HandleAsync());

        var details = (await Get<ShowIncident>().HandleAsync(id))!;
        Assert.NotNull(details.AcknowledgeBreachedAt);
        Assert.Null(details.ResolveBreachedAt);
        var breach = Assert.Single(details.Timeline, t => t.Kind == TimelineKind.SlaBreached);
        Assert.True(breach.BySystem);
    }

    [Fact]
    public async Task SlaJob_AcknowledgedInTime_OnlyResolveBreachesLater()
    {
        var id = await OpenAsync(impact: Impact.High, urgency: Urgency.High);
        await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Acknowledge, Ana);

        App.Clock.Advance(TimeSpan.FromHours(4) + TimeSpan.FromSeconds(1));
        await Get<DetectSlaBreaches>().HandleAsync();

        var details = (await Get<ShowIncident>().HandleAsync(id))!;
        Assert.Null(details.AcknowledgeBreachedAt);
        Assert.NotNull(details.ResolveBreachedAt);
    }
}
