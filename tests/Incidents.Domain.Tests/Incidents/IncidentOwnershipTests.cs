using Incidents.Domain.Incidents;
using static Incidents.Domain.Tests.Incidents.IncidentFactory;

namespace Incidents.Domain.Tests.Incidents;

/// <summary>Acting on an incident makes a person part of its response; the first to take it leads it.</summary>
public sealed class IncidentOwnershipTests
{
    private static readonly Actor Ben = new("ben", "Ben");

    [Theory]
    [InlineData(IncidentAction.Acknowledge, true)]
    [InlineData(IncidentAction.Mitigate, true)]
    [InlineData(IncidentAction.Resolve, true)]
    [InlineData(IncidentAction.AddNote, false)]
    [InlineData(IncidentAction.PostStatusUpdate, false)]
    public void Involve_ActingMakesAResponder_TakingItFirstMakesTheCommander(IncidentAction action, bool commands)
    {
        var incident = Open();

        var outcome = incident.Involve(Ben, action, T0.AddMinutes(1));

        Assert.True(outcome.Succeeded);
        Assert.Contains(incident.Responders, r => r.UserId == "ben");
        Assert.Equal(commands ? "ben" : null, incident.CommanderId);
        Assert.Equal(commands, outcome.Note?.Contains("You are the incident commander", StringComparison.Ordinal) == true);
        Assert.Equal(commands, incident.Timeline[^1].Kind == TimelineKind.CommanderAssigned);
    }

    [Fact]
    public void Involve_WithACommander_TheCommanderStays_TheOtherJoins()
    {
        var incident = Open();
        incident.Involve(Ana, IncidentAction.Acknowledge, T0);
        var entries = incident.Timeline.Count;

        var outcome = incident.Involve(Ben, IncidentAction.Resolve, T0.AddMinutes(5));

        Assert.Null(outcome.Note);
        Assert.Equal("ana", incident.CommanderId);
        Assert.Equal(["ana", "ben"], incident.Responders.Select(r => r.UserId).Order());
        Assert.Equal(entries, incident.Timeline.Count);
    }

    [Theory]
    [InlineData(IncidentAction.Triage)]
    [InlineData(IncidentAction.Relate)]
    [InlineData(IncidentAction.Escalate)]
    [InlineData(IncidentAction.ManagePeople)]
    public void Involve_OtherActions_OrTheSystem_ChangeNobody(IncidentAction action)
    {
        var incident = Open();

        incident.Involve(Ben, action, T0);
        incident.Involve(Actor.System, IncidentAction.Acknowledge, T0);

        Assert.Empty(incident.Responders);
        Assert.Null(incident.CommanderId);
    }

    [Theory]
    [InlineData(Impact.High, Urgency.High, true)]
    [InlineData(Impact.High, Urgency.Medium, true)]
    [InlineData(Impact.Medium, Urgency.Medium, false)]
    [InlineData(Impact.Low, Urgency.Low, false)]
    public void Resolve_SeriousIncidents_NeedASummaryFromAPerson(Impact impact, Urgency urgency, bool needed)
    {
        var incident = Open(impact, urgency);

        var outcome = incident.Resolve(Ana, T0.AddHours(1));

        Assert.Equal(needed, incident.NeedsResolutionSummary(Ana));
        Assert.Equal(needed ? OutcomeKind.Invalid : OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(needed ? IncidentStatus.Triggered : IncidentStatus.Resolved, incident.Status);
        if (needed)
        {
            Assert.Contains("resolution summary", outcome.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Resolve_WithASummary_KeepsIt_UntilReopened()
    {
        var incident = Open(Impact.High, Urgency.High);

        Assert.True(incident.Resolve(Ana, T0.AddHours(1), "  Rolled back 1.4.3  ").Succeeded);
        Assert.Equal("Rolled back 1.4.3", incident.ResolutionSummary);
        Assert.Contains("Rolled back 1.4.3", incident.Timeline[^1].Text, StringComparison.Ordinal);

        Assert.True(incident.Reopen(Ana, T0.AddHours(2), Checkout).Succeeded);
        Assert.Null(incident.ResolutionSummary);
    }

    [Fact]
    public void Resolve_MonitoringResolvingOnItsOwn_NeedsNoSummary_AndATooLongOneIsRefused()
    {
        var monitoring = Open(Impact.High, Urgency.High);
        Assert.True(monitoring.Resolve(new Actor(null, "Alertmanager"), T0.AddHours(1)).Succeeded);

        var incident = Open(Impact.High, Urgency.High);
        var outcome = incident.Resolve(Ana, T0.AddHours(1), new string('x', Incident.MaxResolutionSummaryLength + 1));
        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal(IncidentStatus.Triggered, incident.Status);
    }
}
