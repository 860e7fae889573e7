using Incidents.Domain;
using Incidents.Domain.Chat;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.IncidentManagement.AddNote;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.OnCall.Paging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary>
/// <c>declare</c>, <c>ack</c>, <c>resolve</c>, <c>escalate</c>, <c>note</c> and <c>status</c>: the portal's own handlers,
/// which decide who may act on the incident and say who can help when someone may not.
/// </summary>
public sealed class IncidentChatCommands(
    IDbContextFactory<IncidentsDbContext> contexts,
    LogIncident log,
    ChangeIncidentStatus status,
    AddIncidentNote note,
    EscalateNow escalate,
    IOptions<IncidentOptions> options,
    ConversationMemory memory,
    ChatIncidents incidents)
{
    public async Task<ChatReply> DeclareAsync(ChatContext context, ChatCommand.DeclareIncident declare, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var services = await db.Services.AsNoTracking().Select(s => new { s.Id, s.Name, s.Slug }).ToListAsync(cancellationToken);
        var service = declare.Service is { } wanted
            ? services.FirstOrDefault(s => string.Equals(s.Slug, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Name, wanted, StringComparison.OrdinalIgnoreCase))
            : services.Count == 1 ? services[0] : null;
        if (service is null)
        {
            return new ChatReply($"{(declare.Service is null ? "Which service?" : $"No service \"{declare.Service}\".")} Say `declare <title> sev2 <service>` with one of: {string.Join(", ", services.Select(s => s.Slug))}.", Ok: false);
        }

        var matrix = options.Value.Matrix();
        var severity = declare.Severity ?? Severity.Sev3;
        var (impact, urgency) = Enum.GetValues<Impact>().SelectMany(i => Enum.GetValues<Urgency>().Select(u => (i, u)))
            .Where(c => matrix.For(c.i, c.u) == severity).DefaultIfEmpty((Impact.Medium, Urgency.Medium)).First();
        var (outcome, id) = await log.HandleAsync(new NewIncident(declare.Title, $"Declared in {context.Medium} by {actor.Name}.", service.Id, impact, urgency), actor, cancellationToken);
        if (id is not { } incident)
        {
            return new ChatReply(outcome.Error ?? "Not declared.", Ok: false);
        }

        await memory.RememberAsync(context, incident, cancellationToken);
        return new ChatReply($"Declared {Incident.Format(incident)} on {service.Name}.", Incident: await incidents.FindAsync(incident, cancellationToken));
    }

    /// <summary><c>ack</c> and <c>resolve</c>.</summary>
    public Task<ChatReply> ChangeStatusAsync(ChatContext context, long? named, StatusAction action, string done, Actor actor, CancellationToken cancellationToken) =>
        memory.OnIncidentAsync(context, named, async id => await incidents.ReplyAsync(
            await status.HandleAsync(id, action, actor, null, null, cancellationToken), id, done, cancellationToken), cancellationToken);

    public Task<ChatReply> EscalateAsync(ChatContext context, long? named, Actor actor, CancellationToken cancellationToken) =>
        memory.OnIncidentAsync(context, named, async id => await incidents.ReplyAsync(await escalate.HandleAsync(id, actor, cancellationToken), id, "Escalated.", cancellationToken),
            cancellationToken);

    public Task<ChatReply> NoteAsync(ChatContext context, string text, Actor actor, CancellationToken cancellationToken) =>
        memory.OnIncidentAsync(context, null, async id => await incidents.ReplyAsync(await note.HandleAsync(id, text, actor, cancellationToken), id, "Note added to the timeline.", cancellationToken),
            cancellationToken);

    public Task<ChatReply> StatusAsync(ChatContext context, long? named, CancellationToken cancellationToken) =>
        memory.OnIncidentAsync(context, named, async id =>
        {
            var incident = await incidents.FindAsync(id, cancellationToken);
            if (incident is null)
            {
                return new ChatReply($"{Incident.Format(id)} does not exist.", Ok: false);
            }

            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var update = await db.Incidents.Where(i => i.Id == id).Select(i => i.LatestStatusUpdate).SingleAsync(cancellationToken);
            return new ChatReply($"{incident.Number} is {incident.Status.ToString().ToLowerInvariant()} ({incident.Severity.Label()}, {incident.Service})."
                + (update is null ? "" : $" Latest update: {update}"), Incident: incident);
        }, cancellationToken);
}
