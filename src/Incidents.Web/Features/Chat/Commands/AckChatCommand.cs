using Incidents.Domain.Chat;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>ack [INC-n]</c>: acknowledges the incident, as the portal's button does.</summary>
internal sealed class AckChatCommand(ChangeIncidentStatus status, ConversationMemory memory, ChatIncidents incidents) : ChatCommandHandler<ChatCommand.Ack>
{
    protected override Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.Ack command, CancellationToken cancellationToken) =>
        memory.OnIncidentAsync(request.Context, command.Incident, async id => await incidents.ReplyAsync(
            await status.HandleAsync(id, StatusAction.Acknowledge, request.Actor, null, null, cancellationToken), id, "Acknowledged.", cancellationToken), cancellationToken);
}
