using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary>Incidents as chat shows them (cards, list lines, answers), with their portal links.</summary>
internal sealed class ChatIncidents(IDbContextFactory<IncidentsDbContext> contexts, IOptions<PortalOptions> portal)
{
    public async Task<ChatIncident?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Incidents.AsNoTracking().Where(i => i.Id == id)
            .Join(db.Services, i => i.ServiceId, s => s.Id, (i, s) => new
            {
                i.Id,
                i.Title,
                i.Severity,
                i.Status,
                Service = s.Name,
                Commander = db.Users.Where(u => u.Id == i.CommanderId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : new ChatIncident(found.Id, found.Title, found.Severity, found.Status, found.Service, found.Commander, Link(found.Id));
    }

    public Uri Link(long id) => portal.Value.Link($"incidents/{id}");

    /// <summary>The portal's list of open incidents.</summary>
    public Uri ListLink() => portal.Value.Link("incidents");

    /// <summary>"INC-42: done" with the incident's card, or the refusal as the handler gave it.</summary>
    public async Task<ChatReply> ReplyAsync(Outcome outcome, long id, string done, CancellationToken cancellationToken) =>
        outcome.Succeeded
            ? new ChatReply($"{Incident.Format(id)}: {done}{(outcome.Note is null ? "" : " " + outcome.Note)}", Incident: await FindAsync(id, cancellationToken))
            : new ChatReply(outcome.Error ?? "That did not work.", Ok: false);
}
