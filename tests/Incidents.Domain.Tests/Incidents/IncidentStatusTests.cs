using Incidents.Domain.Incidents;

namespace Incidents.Domain.Tests.Incidents;

public sealed class IncidentStatusTests
{
    [Theory]
    [InlineData(IncidentStatus.Triggered, true, true)]
    [InlineData(IncidentStatus.Acknowledged, true, false)]
    [InlineData(IncidentStatus.Mitigated, true, false)]
    [InlineData(IncidentStatus.Resolved, false, false)]
    [InlineData(IncidentStatus.Closed, false, false)]
    public void Status_OpenAndAwaitingAcknowledgement(IncidentStatus status, bool open, bool awaits)
    {
        Assert.Equal(open, status.IsOpen());
        Assert.Equal(awaits, status.AwaitsAcknowledgement());
        Assert.Equal(open, IncidentStatuses.Open.Contains(status));
    }
}
