using Incidents.Domain.Chat;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.IncidentManagement.Log;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>declare &lt;title&gt; [sev1..sev4] [service]</c>: logs an incident and remembers it for this conversation.</summary>
internal sealed class DeclareChatCommand(
    IDbContextFactory<IncidentsDbContext> contexts,
    LogIncident log,
    IOptions<IncidentOptions> options,
    ConversationMemory memory,
    ChatIncidents incidents) : ChatCommandHandler<ChatCommand.DeclareIncident>
{
    protected override async Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.DeclareIncident declare, CancellationToken cancellationToken)
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
        var actor = request.Actor;
        var (outcome, id) = await log.HandleAsync(new NewIncident(declare.Title, $"Declared in {request.Context.Medium} by {actor.Name}.", service.Id, impact, urgency), actor, cancellationToken);
        if (id is not { } incident)
        {
            return new ChatReply(outcome.Error ?? "Not declared.", Ok: false);
        }

        await memory.RememberAsync(request.Context, incident, cancellationToken);
        return new ChatReply($"Declared {Incident.Format(incident)} on {service.Name}.", Incident: await incidents.FindAsync(incident, cancellationToken));
    }
}
