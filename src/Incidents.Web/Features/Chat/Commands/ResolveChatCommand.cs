using Incidents.Domain.Chat;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>resolve [INC-n] [what resolved it]</c>: resolves the incident, as the portal's button does.</summary>
internal sealed class ResolveChatCommand(ChangeIncidentStatus status, ConversationMemory memory, ChatIncidents incidents) : ChatCommandHandler<ChatCommand.Resolve>
{
    protected override Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.Resolve command, CancellationToken cancellationToken) =>
        memory.OnIncidentAsync(request.Context, command.Incident, async id => await incidents.ReplyAsync(
            await status.HandleAsync(id, StatusAction.Resolve, request.Actor, null, command.Summary, cancellationToken), id, "Resolved.", cancellationToken), cancellationToken);
}
