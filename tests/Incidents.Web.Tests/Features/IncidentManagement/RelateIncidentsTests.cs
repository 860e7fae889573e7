using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.Relate;
using Incidents.Web.Features.IncidentManagement.Show;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>Related and duplicate incidents.</summary>
public sealed class RelateIncidentsTests : IncidentUseCaseTests
{
    [Fact]
    public async Task Relate_LinkAndDuplicate_BothSidesAndDuplicateResolved()
    {
        var first = await OpenAsync("Checkout fails");
        var second = await OpenAsync("Payments time out");
        var third = await OpenAsync("Checkout fails again");
        var relate = Get<RelateIncidents>();

        Assert.True((await relate.LinkAsync(first, second, Ana)).Succeeded);
        Assert.Equal(OutcomeKind.Conflict, (await relate.LinkAsync(first, second, Ana)).Kind);
        Assert.True((await relate.MarkDuplicateAsync(third, first, Ana)).Succeeded);
        Assert.Equal(OutcomeKind.Invalid, (await relate.LinkAsync(first, first, Ana)).Kind);

        var one = (await Get<ShowIncident>().HandleAsync(first))!;
        var three = (await Get<ShowIncident>().HandleAsync(third))!;
        Assert.Equal([second, third], one.Related.Select(r => r.Id).Order());
        Assert.Equal(first, three.DuplicateOfId);
        Assert.Equal(IncidentStatus.Resolved, three.Status);

        Assert.True((await relate.UnlinkAsync(first, second, Ana)).Succeeded);
        Assert.DoesNotContain((await Get<ShowIncident>().HandleAsync(second))!.Related, r => r.Id == first);
    }
}
