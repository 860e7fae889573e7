using Incidents.Domain.Chat;
using Incidents.Domain.Incidents;
using Incidents.Domain.Postmortems;
using Incidents.Web.Data;
using Incidents.Web.Features.Postmortems;
using Incidents.Web.Features.Postmortems.Edit;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>postmortem [INC-n]</c>: where an incident's review stands, or whether the policy will ask for one.</summary>
internal sealed class PostmortemChatCommand(
    IDbContextFactory<IncidentsDbContext> contexts,
    ShowPostmortem postmortems,
    IOptions<PostmortemOptions> options,
    IOptions<PortalOptions> portal,
    ConversationMemory memory,
    ChatIncidents incidents) : ChatCommandHandler<ChatCommand.Postmortem>
{
    protected override Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.Postmortem command, CancellationToken cancellationToken) =>
        memory.OnIncidentAsync(request.Context, command.Incident, id => DescribeAsync(id, cancellationToken), cancellationToken);

    private async Task<ChatReply> DescribeAsync(long id, CancellationToken cancellationToken)
    {
        var incident = await incidents.FindAsync(id, cancellationToken);
        if (incident is null)
        {
            return new ChatReply($"{Incident.Format(id)} does not exist.", Ok: false);
        }

        if (await postmortems.ForIncidentAsync(id, cancellationToken) is { } postmortemId && await postmortems.HandleAsync(postmortemId, cancellationToken) is { } pm)
        {
            var review = pm.Meeting is { } meeting
                ? $" Review {meeting.StartsAt:ddd d MMM HH:mm} UTC: {meeting.Invitees.Count(i => i.Response == Rsvp.Accepted)} of {meeting.Invitees.Count} accepted."
                : " No review scheduled yet.";
            return new ChatReply($"Postmortem of {incident.Number}: {Postmortem.Describe(pm.Status)}, owned by {pm.OwnerName ?? "nobody yet"}, "
                + $"due {pm.DueAt:ddd d MMM}{(pm.Overdue ? " (overdue)" : "")}.{review} {portal.Value.Link($"/postmortems/{pm.Id}")}", Incident: incident);
        }

        // The same policy that opens postmortems: the service's own threshold or opt-out, else the default.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var service = await db.Incidents.Where(i => i.Id == id).Join(db.Services, i => i.ServiceId, s => s.Id, (_, s) => new { s.Name, s.PostmortemAtOrAbove, s.PostmortemOptOut })
            .SingleAsync(cancellationToken);
        var required = PostmortemPolicy.Requires(incident.Severity, service.PostmortemAtOrAbove, service.PostmortemOptOut, options.Value.RequiredAtOrAbove);
        var policy = service.PostmortemOptOut ? $"{service.Name} opts out of postmortems"
            : service.PostmortemAtOrAbove is { } threshold ? $"{service.Name} asks for one at {threshold.Label()} or worse"
            : $"the default policy asks for one at {options.Value.RequiredAtOrAbove.Label()} or worse";
        return required
            ? new ChatReply($"{incident.Number} is {incident.Severity.Label()}: a postmortem will be opened when it is resolved ({policy}).", Incident: incident)
            : new ChatReply($"{incident.Number} is {incident.Severity.Label()}: no postmortem is required ({policy}).", Incident: incident);
    }
}
