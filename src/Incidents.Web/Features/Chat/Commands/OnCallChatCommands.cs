using Incidents.Domain;
using Incidents.Domain.Chat;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement.List;
using Incidents.Web.Features.OnCall.Now;
using Incidents.Web.Features.OnCall.Paging;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>page</c>, <c>oncall</c> and <c>list</c>: who is on call, paging someone onto an incident, what is open.</summary>
public sealed class OnCallChatCommands(
    IDbContextFactory<IncidentsDbContext> contexts,
    PageSomeone page,
    WhoIsOnCall whoIsOnCall,
    ListIncidents list,
    ConversationMemory memory,
    ChatIncidents incidents)
{
    public async Task<ChatReply> PageAsync(ChatContext context, ChatCommand.Page command, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var wanted = command.Target;
        var user = await db.Users.AsNoTracking()
            .Where(u => !u.IsDisabled && (u.Email == wanted || u.DisplayName == wanted || u.UserName == wanted || u.Email!.StartsWith(wanted + "@")))
            .Select(u => new { u.Id }).FirstOrDefaultAsync(cancellationToken);
        var service = user is null
            ? await db.Services.AsNoTracking().Where(s => s.Slug == wanted || s.Name == wanted).Select(s => new { s.Id }).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (user is null && service is null)
        {
            return new ChatReply($"Nobody and no service called \"{wanted}\".", Ok: false);
        }

        var target = user is not null
            ? new PageTarget(PageTargetKind.Person, user.Id)
            : new PageTarget(PageTargetKind.Service, service!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await memory.OnIncidentAsync(context, command.Incident,
            async id => await incidents.ReplyAsync(await page.HandleAsync(id, target, $"from {context.Medium}", actor, cancellationToken), id, $"Paged {wanted}.", cancellationToken),
            cancellationToken);
    }

    public async Task<ChatReply> OnCallAsync(string? service, CancellationToken cancellationToken)
    {
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

    public async Task<ChatReply> ListAsync(ChatPerson person, CancellationToken cancellationToken)
    {
        var open = await list.HandleAsync(new IncidentQuery { PageSize = 10 }, person.UserId, cancellationToken);
        if (open.Rows.Count == 0)
        {
            return new ChatReply("No open incidents.");
        }

        var rows = open.Rows.Select(r => new ChatIncident(r.Id, r.Title, r.Severity, r.Status, r.ServiceName, r.CommanderName, incidents.Link(r.Id))).ToList();
        return new ChatReply($"{open.Total}{(open.TotalIsCapped ? "+" : "")} open incident(s):", Incidents: rows);
    }
}
