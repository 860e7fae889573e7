using Incidents.Domain.Chat;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>status [INC-n]</c>: where the incident stands, with its latest status update and the changes just before it began.</summary>
internal sealed class StatusChatCommand(IDbContextFactory<IncidentsDbContext> contexts, ConversationMemory memory, ChatIncidents incidents, Changes.Suspects.SuspectChanges suspects)
    : ChatCommandHandler<ChatCommand.Status>
{
    protected override Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.Status command, CancellationToken cancellationToken) =>
        memory.OnIncidentAsync(request.Context, command.Incident, async id =>
        {
            var incident = await incidents.FindAsync(id, cancellationToken);
            if (incident is null)
            {
                return new ChatReply($"{Incident.Format(id)} does not exist.", Ok: false);
            }

            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var update = await db.Incidents.Where(i => i.Id == id).Select(i => i.LatestStatusUpdate).SingleAsync(cancellationToken);
            var changes = await suspects.ForIncidentAsync(id, cancellationToken);
            return new ChatReply($"{incident.Number} is {incident.Status.ToString().ToLowerInvariant()} ({incident.Severity.Label()}, {incident.Service})."
                + (update is null ? "" : $" Latest update: {update}") + SuspectLines(changes), Incident: incident);
        }, cancellationToken);

    /// <summary>"Recent changes: CHG-3 Release 2.4 (Dana, completed; caused it)", newest first.</summary>
    private static string SuspectLines(IReadOnlyList<Changes.Suspects.SuspectChange> changes) =>
        changes.Count == 0 ? "" : "\nRecent changes: " + string.Join("; ", changes.Select(c =>
            $"{c.Number} {c.Title} ({c.Implementer ?? c.RequesterName}, {Domain.Changes.Change.Label(c.Status).ToLowerInvariant()}"
            + (c.Relation switch { Changes.ChangeRelation.CausedBy => "; caused it", Changes.ChangeRelation.FixedBy => "; fixed it", null => "" }) + ")"));
}
