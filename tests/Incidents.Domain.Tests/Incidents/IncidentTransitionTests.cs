using Incidents.Domain.Incidents;
using static Incidents.Domain.Tests.Incidents.IncidentFactory;

namespace Incidents.Domain.Tests.Incidents;

public sealed class IncidentTransitionTests
{
    public enum Action
    {
        Acknowledge,
        Mitigate,
        Resolve,
        Close,
        Reopen,
    }

    /// <summary>Every status × every transition: the resulting status, or null where it must be refused.</summary>
    public static TheoryData<IncidentStatus, Action, IncidentStatus?> Matrix() => new()
    {
        { IncidentStatus.Triggered, Action.Acknowledge, IncidentStatus.Acknowledged },
        { IncidentStatus.Triggered, Action.Mitigate, IncidentStatus.Mitigated },
        { IncidentStatus.Triggered, Action.Resolve, IncidentStatus.Resolved },
        { IncidentStatus.Triggered, Action.Close, null },
        { IncidentStatus.Triggered, Action.Reopen, null },
        { IncidentStatus.Acknowledged, Action.Acknowledge, null },
        { IncidentStatus.Acknowledged, Action.Mitigate, IncidentStatus.Mitigated },
        { IncidentStatus.Acknowledged, Action.Resolve, IncidentStatus.Resolved },
        { IncidentStatus.Acknowledged, Action.Close, null },
        { IncidentStatus.Acknowledged, Action.Reopen, null },
        { IncidentStatus.Mitigated, Action.Acknowledge, null },
        { IncidentStatus.Mitigated, Action.Mitigate, null },
        { IncidentStatus.Mitigated, Action.Resolve, IncidentStatus.Resolved },
        { IncidentStatus.Mitigated, Action.Close, null },
        { IncidentStatus.Mitigated, Action.Reopen, null },
        { IncidentStatus.Resolved, Action.Acknowledge, null },
        { IncidentStatus.Resolved, Action.Mitigate, null },
        { IncidentStatus.Resolved, Action.Resolve, null },
        { IncidentStatus.Resolved, Action.Close, IncidentStatus.Closed },
        { IncidentStatus.Resolved, Action.Reopen, IncidentStatus.Triggered },
        { IncidentStatus.Closed, Action.Acknowledge, null },
        { IncidentStatus.Closed, Action.Mitigate, null },
        { IncidentStatus.Closed, Action.Resolve, null },
        { IncidentStatus.Closed, Action.Close, null },
        { IncidentStatus.Closed, Action.Reopen, IncidentStatus.Triggered },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Transition_FromEveryStatus_LegalChangesIllegalRefusedWithReason(IncidentStatus from, Action action, IncidentStatus? to)
    {
        var incident = InStatus(from);
        var version = incident.Version;
        var entries = incident.Timeline.Count;
        var at = T0.AddHours(1);

        var outcome = action switch
        {
            Action.Acknowledge => incident.Acknowledge(Ana, at),
            Action.Mitigate => incident.Mitigate(Ana, at),
            Action.Resolve => incident.Resolve(Ana, at, "Restarted the pool"),
            Action.Close => incident.Close(Ana, at),
            Action.Reopen => incident.Reopen(Ana, at, Checkout),
        };

        if (to is { } expected)
        {
            Assert.True(outcome.Succeeded, outcome.Error);
            Assert.Equal(expected, incident.Status);
            Assert.True(incident.Version > version);
            Assert.True(incident.Timeline.Count > entries);
            Assert.Equal(at, incident.Timeline[^1].At);
            Assert.Equal("Ana", incident.Timeline[^1].ActorName);
        }
        else
        {
            Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
            Assert.Contains(incident.Number, outcome.Error, StringComparison.Ordinal);
            Assert.Equal(from, incident.Status);
            Assert.Equal(version, incident.Version);
            Assert.Equal(entries, incident.Timeline.Count);
        }
    }

    [Fact]
    public void Open_StampsTriggeredDeadlinesAndTimeline()
    {
        var incident = Open(Impact.High, Urgency.High);

        Assert.Equal(IncidentStatus.Triggered, incident.Status);
        Assert.Equal(Severity.Sev1, incident.Severity);
        Assert.Equal(T0, incident.TriggeredAt);
        Assert.Equal(T0.AddMinutes(5), incident.AcknowledgeDueAt);
        Assert.Equal(T0.AddHours(4), incident.ResolveDueAt);
        var entry = Assert.Single(incident.Timeline);
        Assert.Equal(TimelineKind.Opened, entry.Kind);
        Assert.Contains("SEV1", entry.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Open_NoTitle_Invalid(string title)
    {
        var (outcome, incident) = Incident.Open(title, null, Checkout, Impact.Low, Urgency.Low, PriorityMatrix.Default, Ana, T0);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Null(incident);
    }

    [Fact]
    public void Mitigate_FromTriggered_AlsoStampsAcknowledged()
    {
        var incident = Open();

        incident.Mitigate(Ana, T0.AddMinutes(4));

        Assert.Equal(T0.AddMinutes(4), incident.AcknowledgedAt);
        Assert.Equal(T0.AddMinutes(4), incident.MitigatedAt);
    }

    [Fact]
    public void Reopen_ClearsStampsAndRestartsDeadlines()
    {
        var incident = InStatus(IncidentStatus.Closed);
        var at = T0.AddDays(1);

        incident.Reopen(Ana, at, Checkout, "It came back");

        Assert.Null(incident.AcknowledgedAt);
        Assert.Null(incident.ResolvedAt);
        Assert.Null(incident.ClosedAt);
        Assert.Equal(1, incident.ReopenCount);
        Assert.Equal(at + Checkout.SlaFor(incident.Severity).AcknowledgeWithin, incident.AcknowledgeDueAt);
        Assert.Contains("It came back", incident.Timeline[^1].Text, StringComparison.Ordinal);
    }
}
