using Incidents.Domain.Incidents;

namespace Incidents.Domain.Tests.Incidents;

/// <summary>"At or above" read one way for paging, postmortems and the team channel: SEV1 is the worst.</summary>
public sealed class SeverityThresholdTests
{
    [Theory]
    [InlineData(Severity.Sev1, Severity.Sev2, true)]
    [InlineData(Severity.Sev2, Severity.Sev2, true)]
    [InlineData(Severity.Sev3, Severity.Sev2, false)]
    [InlineData(Severity.Sev4, Severity.Sev1, false)]
    [InlineData(Severity.Sev1, Severity.Sev1, true)]
    public void IsAtOrAbove_WorseOrEqual_IsTrue(Severity severity, Severity threshold, bool expected) =>
        Assert.Equal(expected, severity.IsAtOrAbove(threshold));

    [Theory]
    [InlineData(Severity.Sev1, IncidentStatus.Triggered, true)]
    [InlineData(Severity.Sev2, IncidentStatus.Mitigated, true)]
    [InlineData(Severity.Sev3, IncidentStatus.Triggered, false)]
    [InlineData(Severity.Sev1, IncidentStatus.Resolved, false)]
    [InlineData(Severity.Sev2, IncidentStatus.Closed, false)]
    public void PostsToTeamChannel_SevereAndOpen_Only(Severity severity, IncidentStatus status, bool expected) =>
        Assert.Equal(expected, Incident.PostsToTeamChannel(severity, status));
}
