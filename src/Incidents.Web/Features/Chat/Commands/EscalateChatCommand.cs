using Incidents.Domain.Chat;
using Incidents.Web.Features.OnCall.Paging;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>escalate [INC-n]</c>: pages the next escalation level now.</summary>
internal sealed class EscalateChatCommand(EscalateNow escalate, ConversationMemory memory, ChatIncidents incidents) : ChatCommandHandler<ChatCommand.Escalate>
{
    protected override Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.Escalate command, CancellationToken cancellationToken) =>
        memory.OnIncidentAsync(request.Context, command.Incident, async id => await incidents.ReplyAsync(
            await escalate.HandleAsync(id, request.Actor, cancellationToken), id, "Escalated.", cancellationToken), cancellationToken);
}
