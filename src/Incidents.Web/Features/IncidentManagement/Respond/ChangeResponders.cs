using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.IncidentManagement.Respond;

/// <summary>Who is on the incident: the commander, and responders joining or leaving.</summary>
internal sealed class ChangeResponders(IncidentCommands commands)
{
    public Task<Outcome> AssignCommanderAsync(long incidentId, string userId, Actor actor, CancellationToken cancellationToken = default) =>
        commands.RunAsync(incidentId, null, actor, IncidentAction.ManagePeople, async (incident, _, db) =>
            await NameOfAsync(db, userId, cancellationToken) is { } name
                ? Told(db, incident, userId, "the commander", actor, () => incident.AssignCommander(userId, name, actor, commands.Now))
                : Outcome.NotFound("No such person."), cancellationToken);

    public Task<Outcome> AddResponderAsync(long incidentId, string userId, Actor actor, CancellationToken cancellationToken = default) =>
        commands.RunAsync(incidentId, null, actor, IncidentAction.ManagePeople, async (incident, _, db) =>
            await NameOfAsync(db, userId, cancellationToken) is { } name
                ? Told(db, incident, userId, "a responder", actor, () => incident.AddResponder(userId, name, actor, commands.Now))
                : Outcome.NotFound("No such person."), cancellationToken);

    /// <summary>Someone else put on the response hears of it in their bell (in the same transaction).</summary>
    private Outcome Told(IncidentsDbContext db, Incident incident, string userId, string role, Actor actor, Func<Outcome> change)
    {
        var before = incident.Version;
        var outcome = change();
        if (outcome.Succeeded && incident.Version != before)
        {
            IncidentNews.Assigned(db, incident, userId, role, actor, commands.Now);
        }

        return outcome;
    }

    public Task<Outcome> RemoveResponderAsync(long incidentId, string userId, Actor actor, CancellationToken cancellationToken = default) =>
        commands.RunAsync(incidentId, null, actor, IncidentAction.ManagePeople, async (incident, _, db) =>
            await NameOfAsync(db, userId, cancellationToken) is { } name
                ? incident.RemoveResponder(userId, name, actor, commands.Now)
                : Outcome.NotFound("No such person."), cancellationToken);

    private static Task<string?> NameOfAsync(IncidentsDbContext db, string userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId && !u.IsDisabled).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
}
