using Incidents.Domain;
using Incidents.Web.Features.IncidentManagement.Respond;
using Incidents.Web.Features.IncidentManagement.Show;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>Commander and responders.</summary>
public sealed class ChangeRespondersTests : IncidentUseCaseTests
{
    [Fact]
    public async Task Responders_CommanderAndJoin_ShownWithNames()
    {
        var ben = await App.CreateUserAsync("ben@example.test", Domain.Access.Role.Responder);
        var id = await OpenAsync();
        var responders = Get<ChangeResponders>();

        Assert.True((await responders.AssignCommanderAsync(id, ben.Id, Ana)).Succeeded);
        Assert.Equal(OutcomeKind.NotFound, (await responders.AddResponderAsync(id, "nobody", Ana)).Kind);

        var details = (await Get<ShowIncident>().HandleAsync(id))!;
        Assert.Equal("ben", details.Commander?.Name);
        Assert.Contains(details.Responders, r => r.Id == ben.Id);
    }
}
