namespace Incidents.Domain.Access;

/// <summary>What a person may do in the portal, the API and chat. Each maps to the roles that grant it.</summary>
public enum Permission
{
    /// <summary>See the portal at all: dashboard, incidents, reports.</summary>
    ViewPortal,
    /// <summary>Create, invite, disable people and assign their roles.</summary>
    ManageUsers,
    /// <summary>Look at and operate background jobs.</summary>
    ManageJobs,
    /// <summary>Teams and services.</summary>
    ManageCatalog,
    /// <summary>Browse the audit trail.</summary>
    ViewAudit,
    /// <summary>Log a new incident.</summary>
    LogIncident,
    /// <summary>Acknowledge, mitigate, resolve, reopen, close, triage, take part, post status updates, relate.</summary>
    RespondToIncident,
    /// <summary>Add a note to an incident's timeline.</summary>
    AddIncidentNote,
    /// <summary>Create and edit schedules (layers) and escalation policies.</summary>
    ManageOnCall,
    /// <summary>Create and remove overrides on schedules ("cover for me").</summary>
    CoverOnCall,
    /// <summary>Page a person, a schedule or a service's policy for an incident.</summary>
    PagePeople,
    /// <summary>Create problems, link incidents, write the root-cause analysis, propose, move and push countermeasures.</summary>
    ManageProblems,
    /// <summary>Write postmortems, send them for review, publish them, schedule review meetings.</summary>
    WritePostmortems,
    /// <summary>Comment on postmortems under review.</summary>
    ReviewPostmortems,
    /// <summary>Record production changes and move them through their life cycle (who approves is the change's four-eyes rule).</summary>
    ManageChanges,
    /// <summary>Edit the documented change procedures (a new version each time).</summary>
    ManageProcedures,
    /// <summary>Create and revoke read-only wallboard links (a TV shows the wallboard without signing in).</summary>
    ShareWallboard,
}

public static class Permissions
{
    public static IReadOnlyList<Role> GrantedTo(Permission permission) => permission switch
    {
        Permission.ViewPortal => Roles.All,
        Permission.ManageUsers => [Role.Admin],
        Permission.ManageJobs => [Role.Admin],
        Permission.ManageCatalog => [Role.Admin],
        Permission.ViewAudit => [Role.Admin],
        Permission.LogIncident => [Role.Admin, Role.Responder, Role.Support],
        Permission.RespondToIncident => [Role.Admin, Role.Responder],
        Permission.AddIncidentNote => [Role.Admin, Role.Responder, Role.Support, Role.Developer],
        Permission.ManageOnCall => [Role.Admin],
        Permission.CoverOnCall => [Role.Admin, Role.Responder],
        Permission.PagePeople => [Role.Admin, Role.Responder, Role.Support],
        Permission.ManageProblems => [Role.Admin, Role.Responder, Role.Developer],
        Permission.WritePostmortems => [Role.Admin, Role.Responder, Role.Developer],
        Permission.ReviewPostmortems => [Role.Admin, Role.Responder, Role.Support, Role.Developer],
        Permission.ManageChanges => [Role.Admin, Role.Responder, Role.Developer],
        Permission.ManageProcedures => [Role.Admin],
        Permission.ShareWallboard => [Role.Admin],
    };

    public static bool Allows(IEnumerable<Role> held, Permission permission)
    {
        var granted = GrantedTo(permission);
        return held.Any(granted.Contains);
    }
}
