using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.IncidentManagement.Show;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>Logging an incident by hand.</summary>
public sealed class LogIncidentTests : IncidentUseCaseTests
{
    [Fact]
    public async Task Log_ValidInput_StoredWithSeverityDeadlinesAndTimeline()
    {
        var id = await OpenAsync(impact: Impact.High, urgency: Urgency.High);

        var details = await Get<ShowIncident>().HandleAsync(id);

        Assert.NotNull(details);
        Assert.Equal(Severity.Sev1, details.Severity);
        Assert.Equal(IncidentStatus.Triggered, details.Status);
        Assert.Equal(App.Clock.GetUtcNow().AddMinutes(5), details.AcknowledgeDueAt);
        Assert.Equal("CUST-9", details.CustomerReference);
        Assert.Contains("<strong>/pay</strong>", details.DescriptionHtml, StringComparison.Ordinal);
        // A SEV1 pages its service's on-call; this service has no policy, and the timeline says nobody was paged.
        Assert.Equal([TimelineKind.Opened, TimelineKind.Paged], details.Timeline.Reverse().Select(t => t.Kind));
        Assert.Contains("has no escalation policy", details.Timeline[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_UnknownServiceOrNoTitle_InvalidAndNothingStored()
    {
        ServiceId = await App.CreateServiceAsync();
        var log = Get<LogIncident>();

        var (noService, _) = await log.HandleAsync(new NewIncident("Title", null, 999, Impact.Low, Urgency.Low), Ana);
        var (noTitle, _) = await log.HandleAsync(new NewIncident(" ", null, ServiceId, Impact.Low, Urgency.Low), Ana);

        Assert.Equal(OutcomeKind.Invalid, noService.Kind);
        Assert.Equal(OutcomeKind.Invalid, noTitle.Kind);
        await using var db = await App.NewDbContextAsync();
        Assert.Equal(0, await db.Incidents.CountAsync());
    }
}
