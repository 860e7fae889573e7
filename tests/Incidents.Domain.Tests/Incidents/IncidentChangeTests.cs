using Incidents.Domain.Incidents;
using static Incidents.Domain.Tests.Incidents.IncidentFactory;

namespace Incidents.Domain.Tests.Incidents;

public sealed class IncidentChangeTests
{
    [Fact]
    public void CheckSla_BeforeDeadline_NothingStamped()
    {
        var incident = Open(Impact.High, Urgency.High);

        Assert.False(incident.CheckSla(T0.AddMinutes(4)));
        Assert.Null(incident.AcknowledgeBreachedAt);
    }

    [Fact]
    public void CheckSla_AckDeadlinePassed_StampedOnceOnTimeline()
    {
        var incident = Open(Impact.High, Urgency.High);

        Assert.True(incident.CheckSla(T0.AddMinutes(5)));
        Assert.False(incident.CheckSla(T0.AddMinutes(6)));

        Assert.Equal(T0.AddMinutes(5), incident.AcknowledgeBreachedAt);
        Assert.Single(incident.Timeline, e => e.Kind == TimelineKind.SlaBreached);
        Assert.True(incident.Timeline[^1].ActorId is null);
    }

    [Fact]
    public void CheckSla_AcknowledgedInTime_OnlyResolveCanBreach()
    {
        var incident = Open(Impact.High, Urgency.High);
        incident.Acknowledge(Ana, T0.AddMinutes(2));

        Assert.True(incident.CheckSla(T0.AddHours(5)));

        Assert.Null(incident.AcknowledgeBreachedAt);
        Assert.Equal(T0.AddHours(5), incident.ResolveBreachedAt);
    }

    [Fact]
    public void CheckSla_Resolved_NeverBreaches()
    {
        var incident = InStatus(IncidentStatus.Resolved);

        Assert.False(incident.CheckSla(T0.AddDays(30)));
    }

    [Fact]
    public void Reprioritize_FollowsMatrixAndMovesDeadlines()
    {
        var incident = Open(Impact.Low, Urgency.Low);
        Assert.Equal(Severity.Sev4, incident.Severity);

        incident.Reprioritize(Impact.High, Urgency.High, PriorityMatrix.Default, Checkout, Ana, T0.AddMinutes(1));

        Assert.Equal(Severity.Sev1, incident.Severity);
        Assert.Equal(T0.AddMinutes(5), incident.AcknowledgeDueAt);
        Assert.Contains("SEV4 → SEV1", incident.Timeline[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Reprioritize_ReopenedIncident_DeadlinesCountFromTheReopen_NotTheFirstTrigger()
    {
        var incident = Open(Impact.Low, Urgency.Low);
        Assert.True(incident.Resolve(Ana, T0.AddHours(1)).Succeeded);
        var reopened = T0.AddDays(3);
        Assert.True(incident.Reopen(Ana, reopened, Checkout).Succeeded);

        incident.Reprioritize(Impact.High, Urgency.High, PriorityMatrix.Default, Checkout, Ana, reopened.AddMinutes(1));
        var overridden = incident.OverrideSeverity(Severity.Sev2, "customers affected", Checkout, Ana, reopened.AddMinutes(2));

        Assert.True(overridden.Succeeded);
        Assert.Equal(reopened, incident.SlaStartedAt);
        Assert.Equal(reopened + Checkout.SlaFor(Severity.Sev2).AcknowledgeWithin, incident.AcknowledgeDueAt);
        Assert.True(incident.AcknowledgeDueAt > reopened.AddMinutes(2));
    }

    [Fact]
    public void OverrideSeverity_NeedsReason_ThenSticksThroughReprioritize()
    {
        var incident = Open(Impact.Low, Urgency.Low);

        Assert.Equal(OutcomeKind.Invalid, incident.OverrideSeverity(Severity.Sev2, " ", Checkout, Ana, T0).Kind);
        Assert.True(incident.OverrideSeverity(Severity.Sev2, "Largest customer affected", Checkout, Ana, T0).Succeeded);
        incident.Reprioritize(Impact.Medium, Urgency.Low, PriorityMatrix.Default, Checkout, Ana, T0);

        Assert.Equal(Severity.Sev2, incident.Severity);
        Assert.Equal("Largest customer affected", incident.SeverityOverrideReason);
    }

    [Fact]
    public void StatusUpdate_LatestShownAndOnTimeline()
    {
        var incident = Open();

        incident.PostStatusUpdate("Investigating elevated errors", Ana, T0.AddMinutes(1));
        incident.PostStatusUpdate("Fix deployed, monitoring", Ana, T0.AddMinutes(9));

        Assert.Equal("Fix deployed, monitoring", incident.LatestStatusUpdate);
        Assert.Equal(T0.AddMinutes(9), incident.LatestStatusUpdateAt);
        Assert.Equal(2, incident.Timeline.Count(e => e.Kind == TimelineKind.StatusUpdate));
        Assert.Equal(OutcomeKind.Invalid, incident.PostStatusUpdate("", Ana, T0).Kind);
    }

    [Fact]
    public void Note_EmptyOrHuge_Invalid()
    {
        var incident = Open();

        Assert.Equal(OutcomeKind.Invalid, incident.AddNote(" ", Ana, T0).Kind);
        Assert.Equal(OutcomeKind.Invalid, incident.AddNote(new string('x', 20_001), Ana, T0).Kind);
        Assert.True(incident.AddNote("**Root** looks like the DB", Ana, T0).Succeeded);
        Assert.Equal(TimelineKind.Note, incident.Timeline[^1].Kind);
    }

    [Fact]
    public void Commander_AlsoResponder_CannotBeRemoved()
    {
        var incident = Open();

        incident.AssignCommander("ben", "Ben", Ana, T0);

        Assert.Equal("ben", incident.CommanderId);
        Assert.Contains(incident.Responders, r => r.UserId == "ben");
        Assert.Equal(OutcomeKind.Conflict, incident.RemoveResponder("ben", "Ben", Ana, T0).Kind);
        Assert.Equal(OutcomeKind.Conflict, incident.AddResponder("ben", "Ben", Ana, T0).Kind);
        Assert.True(incident.AddResponder("cy", "Cy", Ana, T0).Succeeded);
        Assert.True(incident.RemoveResponder("cy", "Cy", Ana, T0).Succeeded);
        Assert.Equal(OutcomeKind.NotFound, incident.RemoveResponder("cy", "Cy", Ana, T0).Kind);
    }

    [Theory]
    [InlineData("INC-42", 42L)]
    [InlineData("inc-7", 7L)]
    [InlineData("  13 ", 13L)]
    public void TryParseNumber_Forms_Parsed(string text, long expected)
    {
        Assert.True(Incident.TryParseNumber(text, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData("INC-")]
    [InlineData("INC-0")]
    [InlineData("-4")]
    [InlineData("abc")]
    public void TryParseNumber_Garbage_False(string text)
    {
        Assert.False(Incident.TryParseNumber(text, out _));
    }

    [Fact]
    public void Edit_NormalizesTags()
    {
        var incident = Open();

        incident.Edit("New title", "desc", "CUST-1", ["DB", " network ", "db", ""], Ana, T0);

        Assert.Equal(["db", "network"], incident.Tags);
        Assert.Equal("CUST-1", incident.CustomerReference);
    }
}
