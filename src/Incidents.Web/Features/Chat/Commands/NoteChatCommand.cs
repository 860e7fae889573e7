using Incidents.Domain.Chat;
using Incidents.Web.Features.IncidentManagement.AddNote;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>note [INC-n] &lt;text&gt;</c>: adds a note to the timeline of that incident, or of the one this conversation is about.</summary>
internal sealed class NoteChatCommand(AddIncidentNote note, ConversationMemory memory, ChatIncidents incidents) : ChatCommandHandler<ChatCommand.Note>
{
    protected override Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.Note command, CancellationToken cancellationToken) =>
        memory.OnIncidentAsync(request.Context, command.Incident, async id => await incidents.ReplyAsync(
            await note.HandleAsync(id, command.Text, request.Actor, cancellationToken), id, "Note added to the timeline.", cancellationToken), cancellationToken);
}
