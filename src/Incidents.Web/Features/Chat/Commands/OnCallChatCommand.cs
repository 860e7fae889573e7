using Incidents.Domain.Chat;
using Incidents.Web.Features.OnCall.Now;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>oncall [service]</c>: who is on call now, per service.</summary>
internal sealed class OnCallChatCommand(WhoIsOnCall whoIsOnCall) : ChatCommandHandler<ChatCommand.OnCall>
{
    protected override async Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.OnCall command, CancellationToken cancellationToken)
    {
        var service = command.Service;
        var rows = (await whoIsOnCall.HandleAsync(null, cancellationToken))
            .Where(r => service is null || string.Equals(r.Service, service, StringComparison.OrdinalIgnoreCase) || r.Service.Replace(' ', '-').Equals(service, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (rows.Count == 0)
        {
            return new ChatReply(service is null ? "There are no services yet." : $"No service \"{service}\".", Ok: false);
        }

        return new ChatReply(string.Join("\n", rows.Select(r =>
            $"{r.Service}: {(r.People.Count == 0 ? (r.Policy is null ? "no escalation policy" : "nobody") : string.Join(", ", r.People.Select(p => p.Name)))}")));
    }
}
