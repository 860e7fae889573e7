using Incidents.Domain.Chat;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>status [INC-n]</c>: where the incident stands, with its latest status update.</summary>
internal sealed class StatusChatCommand(IDbContextFactory<IncidentsDbContext> contexts, ConversationMemory memory, ChatIncidents incidents) : ChatCommandHandler<ChatCommand.Status>
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
            return new ChatReply($"{incident.Number} is {incident.Status.ToString().ToLowerInvariant()} ({incident.Severity.Label()}, {incident.Service})."
                + (update is null ? "" : $" Latest update: {update}"), Incident: incident);
        }, cancellationToken);
}
