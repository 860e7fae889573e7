using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using static Incidents.Domain.Tests.Incidents.IncidentFactory;

namespace Incidents.Domain.Tests.Incidents;

/// <summary>"Who may act on an incident" and "what its status allows", each decided once in the domain.</summary>
public sealed class IncidentActionsTests
{
    private static IncidentStanding Person(Role role, bool paged = false, bool onCall = false, bool onTeam = false) =>
        new([role], paged, onCall, onTeam, "Payments");

    [Fact]
    public void AvailableActions_DeveloperOnTheOwningTeam_AcknowledgesEscalatesNotesUpdatesAndResolves_NotTriageOrPeople()
    {
        var incident = Open();

        var actions = incident.AvailableActions(Person(Role.Developer, onTeam: true));

        Assert.Equal([IncidentAction.Acknowledge, IncidentAction.Mitigate, IncidentAction.Resolve, IncidentAction.Escalate,
            IncidentAction.AddNote, IncidentAction.PostStatusUpdate], actions);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void AvailableActions_ViewerPagedOrOnCall_MayAcknowledge(bool paged, bool onCall)
    {
        var incident = Open();

        Assert.Contains(IncidentAction.Acknowledge, incident.AvailableActions(Person(Role.Viewer, paged, onCall)));
    }

    [Fact]
    public void AvailableActions_DeveloperNotInTheResponse_OnlyNotes()
    {
        Assert.Equal([IncidentAction.AddNote], Open().AvailableActions(Person(Role.Developer)));
    }

    [Fact]
    public void AvailableActions_Support_UpdatesTriagesAndNotes_ButNeverAcknowledges()
    {
        Assert.Equal([IncidentAction.AddNote, IncidentAction.PostStatusUpdate, IncidentAction.Triage], Open().AvailableActions(Person(Role.Support)));
    }

    [Fact]
    public void AvailableActions_ViewerNotInTheResponse_Nothing()
    {
        Assert.Empty(Open().AvailableActions(Person(Role.Viewer)));
    }

    [Theory]
    [InlineData(Role.Admin)]
    [InlineData(Role.Responder)]
    public void AvailableActions_AdminAndResponder_EverythingTheStatusAllows(Role role)
    {
        var resolved = InStatus(IncidentStatus.Resolved);

        Assert.Equal(resolved.ActionsNow(), resolved.AvailableActions(Person(role)));
        Assert.Contains(IncidentAction.Reopen, resolved.ActionsNow());
        Assert.DoesNotContain(IncidentAction.Acknowledge, resolved.ActionsNow());
    }

    [Fact]
    public void WhyNot_NotAllowedAndWrongStatus_ForbiddenFirstNamingWhoCanHelp()
    {
        var acknowledged = InStatus(IncidentStatus.Acknowledged);

        var stranger = acknowledged.WhyNot(IncidentAction.Acknowledge, Person(Role.Developer));
        var teammate = acknowledged.WhyNot(IncidentAction.Acknowledge, Person(Role.Developer, onTeam: true));

        Assert.Equal(OutcomeKind.Forbidden, stranger!.Kind);
        Assert.Equal("You may not do that: acknowledging INC-0 is for Admins and Responders, and for people paged for it, on call for its service or on the Payments team. Ask the Payments team or an Admin to add you.", stranger.Error);
        Assert.Equal(OutcomeKind.Conflict, teammate!.Kind);
        Assert.Equal("INC-0 is already acknowledged.", teammate.Error);
    }

    [Fact]
    public void WhyNot_CloseByADeveloperOnTheTeam_ForbiddenForAdminsAndResponders()
    {
        var refusal = InStatus(IncidentStatus.Resolved).WhyNot(IncidentAction.Close, Person(Role.Developer, onTeam: true));

        Assert.Equal(OutcomeKind.Forbidden, refusal!.Kind);
        Assert.Contains("closing INC-0 is for Admins and Responders", refusal.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Transitions_AskTheSameStateRule_MessageIdentical()
    {
        var mitigated = InStatus(IncidentStatus.Mitigated);

        var refused = mitigated.Acknowledge(Ana, T0.AddHours(1));

        Assert.Equal(OutcomeKind.Conflict, refused.Kind);
        Assert.Equal(mitigated.WhyNotNow(IncidentAction.Acknowledge), refused.Error);
    }

    [Theory]
    [InlineData(IncidentStatus.Triggered, new[] { IncidentAction.Acknowledge, IncidentAction.Mitigate, IncidentAction.Resolve, IncidentAction.Escalate })]
    [InlineData(IncidentStatus.Acknowledged, new[] { IncidentAction.Mitigate, IncidentAction.Resolve, IncidentAction.Escalate })]
    [InlineData(IncidentStatus.Mitigated, new[] { IncidentAction.Resolve, IncidentAction.Escalate })]
    [InlineData(IncidentStatus.Resolved, new[] { IncidentAction.Close, IncidentAction.Reopen })]
    [InlineData(IncidentStatus.Closed, new[] { IncidentAction.Reopen })]
    public void ActionsIn_EachStatus_TheTransitionsItAllows(IncidentStatus status, IncidentAction[] transitions)
    {
        IncidentAction[] always = [IncidentAction.AddNote, IncidentAction.PostStatusUpdate, IncidentAction.Triage, IncidentAction.ManagePeople, IncidentAction.Relate];

        Assert.Equal(transitions.Concat(always).Order(), Incident.ActionsIn(status).Order());
        Assert.Equal(Incident.ActionsIn(status), InStatus(status).ActionsNow());
    }

    [Fact]
    public void System_MayDoEverythingTheStatusAllows()
    {
        var incident = Open();

        Assert.Equal(incident.ActionsNow(), incident.AvailableActions(IncidentStanding.System));
    }
}
