using Incidents.Domain.Chat;
using Incidents.Web.Features.IncidentManagement.List;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>list</c>: the open incidents, as the portal's list shows them to this person.</summary>
internal sealed class ListChatCommand(ListIncidents list, ChatIncidents incidents) : ChatCommandHandler<ChatCommand.List>
{
    protected override async Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.List command, CancellationToken cancellationToken)
    {
        var open = await list.HandleAsync(new IncidentQuery { PageSize = 10 }, request.Person.UserId, cancellationToken);
        if (open.Rows.Count == 0)
        {
            return new ChatReply("No open incidents.");
        }

        var rows = open.Rows.Select(r => new ChatIncident(r.Id, r.Title, r.Severity, r.Status, r.ServiceName, r.CommanderName, incidents.Link(r.Id))).ToList();
        var total = $"{open.Total:N0}{(open.TotalIsCapped ? "+" : "")}";
        // More than fit in a reply: say how many are shown, and where all of them are.
        var text = rows.Count < open.Total || open.TotalIsCapped
            ? $"{rows.Count} of {total} open incidents, newest first. Show all: {incidents.ListLink()}"
            : rows.Count == 1 ? "1 open incident:" : $"{rows.Count} open incidents:";
        return new ChatReply(text, Incidents: rows);
    }
}
