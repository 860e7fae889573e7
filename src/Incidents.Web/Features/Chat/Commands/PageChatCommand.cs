using Incidents.Domain.Chat;
using Incidents.Web.Data;
using Incidents.Web.Features.OnCall.Paging;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>page &lt;person|service&gt; [INC-n]</c>: pages a person, or a service's on-call, onto the incident.</summary>
internal sealed class PageChatCommand(IDbContextFactory<IncidentsDbContext> contexts, PageSomeone page, ConversationMemory memory, ChatIncidents incidents)
    : ChatCommandHandler<ChatCommand.Page>
{
    protected override async Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.Page command, CancellationToken cancellationToken)
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
        return await memory.OnIncidentAsync(request.Context, command.Incident, async id => await incidents.ReplyAsync(
            await page.HandleAsync(id, target, $"from {request.Context.Medium}", request.Actor, cancellationToken), id, $"Paged {wanted}.", cancellationToken), cancellationToken);
    }
}
