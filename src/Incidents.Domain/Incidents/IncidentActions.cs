using Incidents.Domain.Access;

namespace Incidents.Domain.Incidents;

/// <summary>Everything a person can do to an incident, in the portal, in chat and through the API.</summary>
public enum IncidentAction
{
    Acknowledge,
    Mitigate,
    Resolve,
    Close,
    Reopen,
    /// <summary>Page the next level now instead of waiting for the timeout.</summary>
    Escalate,
    AddNote,
    PostStatusUpdate,
    /// <summary>Impact, urgency, service and the severity override.</summary>
    Triage,
    /// <summary>Commander and responders.</summary>
    ManagePeople,
    /// <summary>Related incidents and duplicates.</summary>
    Relate,
}

/// <summary>
/// Where one person stands towards one incident: their global roles, and whether they are in its response — paged
/// for it (or its commander or a responder on it), on call for its service now, or on the team that owns its service (named, for refusals that say who can help).
/// </summary>
public sealed record IncidentStanding(IReadOnlyCollection<Role> Roles, bool Paged, bool OnCall, bool OnOwningTeam, string? OwningTeam = null)
{
    /// <summary>The system itself (intake, the escalation engine, jobs): every action.</summary>
    public static IncidentStanding System { get; } = new([Role.Admin], false, false, false);

    public bool InResponse => Paged || OnCall || OnOwningTeam;
}

/// <summary>
/// The product rule "who may act on an incident" (PRODUCT.md), decided here once for the portal, the chat cards and
/// commands, and the API: Admin and Responder on every incident; anyone paged for it, on call for its service now or on
/// its owning team may acknowledge, mitigate, escalate, add notes, post status updates and resolve it, whatever their
/// role (developers are in the escalation path); Support may post status updates, re-triage and add notes on any
/// incident, Developers add notes; Viewers read.
/// </summary>
public static class IncidentRights
{
    public static bool Allows(IncidentStanding who, IncidentAction action)
    {
        if (who.Roles.Contains(Role.Admin) || who.Roles.Contains(Role.Responder))
        {
            return true;
        }

        var inResponse = who.InResponse && action switch
        {
            IncidentAction.Acknowledge or IncidentAction.Mitigate or IncidentAction.Resolve or IncidentAction.Escalate
                or IncidentAction.AddNote or IncidentAction.PostStatusUpdate => true,
            IncidentAction.Close or IncidentAction.Reopen or IncidentAction.Triage or IncidentAction.ManagePeople or IncidentAction.Relate => false,
        };
        var byRole = action switch
        {
            IncidentAction.PostStatusUpdate or IncidentAction.Triage => who.Roles.Contains(Role.Support),
            IncidentAction.AddNote => who.Roles.Contains(Role.Support) || who.Roles.Contains(Role.Developer),
            IncidentAction.Acknowledge or IncidentAction.Mitigate or IncidentAction.Resolve or IncidentAction.Close or IncidentAction.Reopen
                or IncidentAction.Escalate or IncidentAction.ManagePeople or IncidentAction.Relate => false,
        };
        return inResponse || byRole;
    }

    /// <summary>Null when <paramref name="who"/> may do <paramref name="action"/>, else Forbidden saying who can help.</summary>
    public static Outcome? Check(IncidentStanding who, IncidentAction action, string number) =>
        Allows(who, action) ? null : Outcome.Forbidden(Refusal(who, action, number));

    /// <summary>Why <paramref name="who"/> may not, in words that say who can help (the answer to someone who tried).</summary>
    public static string Refusal(IncidentStanding who, IncidentAction action, string number) => $"You may not do that: {Rule(who, action, number)}";

    /// <summary>Who may do <paramref name="action"/> and who can help, as a sentence to show before anyone tries ("acknowledging INC-2 is for …").</summary>
    public static string Rule(IncidentStanding who, IncidentAction action, string number)
    {
        var doing = Doing(action);
        var team = who.OwningTeam is { } name ? $"the {name} team" : "its owning team";
        return action switch
        {
            IncidentAction.Acknowledge or IncidentAction.Mitigate or IncidentAction.Resolve or IncidentAction.Escalate
                or IncidentAction.AddNote or IncidentAction.PostStatusUpdate =>
                $"{doing} {number} is for Admins and Responders, and for people paged for it, on call for its service or on {team}. Ask {team} or an Admin to add you.",
            IncidentAction.Triage =>
                $"{doing} {number} is for Admins, Responders and Support.",
            IncidentAction.Close or IncidentAction.Reopen or IncidentAction.ManagePeople or IncidentAction.Relate =>
                $"{doing} {number} is for Admins and Responders. Ask its commander or an Admin.",
        };
    }

    /// <summary>The action as "acknowledging", "adding notes to" …, for sentences about it.</summary>
    public static string Doing(IncidentAction action) => action switch
    {
        IncidentAction.Acknowledge => "acknowledging",
        IncidentAction.Mitigate => "marking as mitigated",
        IncidentAction.Resolve => "resolving",
        IncidentAction.Close => "closing",
        IncidentAction.Reopen => "reopening",
        IncidentAction.Escalate => "escalating",
        IncidentAction.AddNote => "adding notes to",
        IncidentAction.PostStatusUpdate => "posting status updates on",
        IncidentAction.Triage => "re-triaging",
        IncidentAction.ManagePeople => "changing the people on",
        IncidentAction.Relate => "relating",
    };
}
