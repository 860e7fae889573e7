using Incidents.Domain.Alerts;
using Incidents.Domain.Incidents;

namespace Incidents.Domain.Tests.Alerts;

public sealed class AlertTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static AlertEvent Event(AlertAction action = AlertAction.Trigger, string summary = "Disk full") =>
        new(action, "disk-db-1", summary, "db-1", Severity.Sev2, null, "group", new Dictionary<string, string>());

    [Fact]
    public void Fire_Open_KeyHeldOnce()
    {
        var alert = Alert.Fire(1, 2, Event(), "{}", T0);

        Assert.Equal("disk-db-1", alert.OpenKey);
        Assert.Equal(1, alert.Count);
        Assert.True(alert.IsOpen);
    }

    [Fact]
    public void Repeat_CountsAndMovesLastSeen()
    {
        var alert = Alert.Fire(1, 2, Event(), "{}", T0);

        alert.Repeat(Event(summary: "Disk 99% full"), T0.AddMinutes(1));
        alert.Repeat(Event(summary: "Disk 100% full"), T0.AddMinutes(2));

        Assert.Equal(3, alert.Count);
        Assert.Equal(T0, alert.FirstSeenAt);
        Assert.Equal(T0.AddMinutes(2), alert.LastSeenAt);
        Assert.Equal("Disk 100% full", alert.Summary);
    }

    [Fact]
    public void Resolve_ReleasesKeyOnce()
    {
        var alert = Alert.Fire(1, 2, Event(), "{}", T0);

        Assert.True(alert.Resolve(T0.AddMinutes(5)));
        Assert.False(alert.Resolve(T0.AddMinutes(6)));

        Assert.Null(alert.OpenKey);
        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Equal(T0.AddMinutes(5), alert.ResolvedAt);
        Assert.Equal("disk-db-1", alert.DedupKey);
    }

    [Fact]
    public void Acknowledge_OnlyFromTriggered()
    {
        var alert = Alert.Fire(1, 2, Event(), "{}", T0);

        Assert.True(alert.Acknowledge(T0));
        Assert.False(alert.Acknowledge(T0));
        alert.Resolve(T0);
        Assert.False(alert.Acknowledge(T0));
    }

    [Theory]
    [InlineData("critical", Severity.Sev1)]
    [InlineData("error", Severity.Sev2)]
    [InlineData("warning", Severity.Sev3)]
    [InlineData("info", Severity.Sev4)]
    [InlineData("CRITICAL", Severity.Sev1)]
    [InlineData("bogus", Severity.Sev3)]
    [InlineData(null, Severity.Sev3)]
    public void SeverityOrWarning_MonitoringWords(string? text, Severity expected)
    {
        Assert.Equal(expected, Alert.SeverityOrWarning(text));
    }

    [Fact]
    public void TriageFor_EverySeverity_RoundTripsThroughDefaultMatrix()
    {
        Assert.All(Enum.GetValues<Severity>(), s =>
        {
            var (impact, urgency) = Alert.TriageFor(s);
            Assert.Equal(s, PriorityMatrix.Default.For(impact, urgency));
        });
    }
}
