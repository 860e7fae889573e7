using System.Security.Cryptography;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Chat;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.IncidentManagement.AddNote;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.List;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.OnCall.Now;
using Incidents.Web.Features.OnCall.Paging;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary>
/// The one command layer behind Slack, Teams and the portal's chat panel: parse, find the person, authorize,
/// call the same handler the portal's button calls, and answer in a medium-neutral <see cref="ChatReply"/>.
/// </summary>
public sealed class RunChatCommand(
    IDbContextFactory<IncidentsDbContext> contexts,
    LogIncident log,
    ChangeIncidentStatus status,
    AddIncidentNote note,
    EscalateNow escalate,
    PageSomeone page,
    ListIncidents list,
    WhoIsOnCall whoIsOnCall,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<PortalOptions> portal,
    Postmortems.Meeting.ScheduleReview reviews,
    Postmortems.Edit.ShowPostmortem postmortems,
    IOptions<Postmortems.PostmortemOptions> postmortemOptions,
    TimeProvider clock)
{
    public static readonly TimeSpan LinkCodeLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Answers one line typed in chat. <paramref name="externalId"/> is the chat user's id in its medium (used to link an identity).</summary>
    public async Task<ChatReply> HandleAsync(ChatContext context, ChatPerson? person, string? externalId, string text, CancellationToken cancellationToken = default)
    {
        var command = ChatCommands.Parse(text);
        if (command is ChatCommand.Help)
        {
            return new ChatReply("Commands: " + ChatCommands.Usage);
        }

        if (command is ChatCommand.Unknown unknown)
        {
            return new ChatReply($"{unknown.Problem} Try `help`.", Ok: false);
        }

        if (command is ChatCommand.Link link)
        {
            return await LinkAsync(context.Medium, externalId, link.Code, cancellationToken);
        }

        if (person is null)
        {
            return new ChatReply("I don't know who you are yet. Open your profile in the portal, and type `link <code>` here with the code it shows.", Ok: false);
        }

        // Declared on the command; an action on an incident is decided by the domain for this person and incident (the
        // handler refuses with who can help), so here it only needs a portal account.
        var needed = command.Needs switch
        {
            CommandAccess.Granted granted => granted.Permission,
            CommandAccess.OnIncident or CommandAccess.Anyone => Permission.ViewPortal,
            _ => throw new InvalidOperationException($"Unknown access {command.Needs}."),
        };
        if (!Permissions.Allows(person.Roles, needed))
        {
            return new ChatReply($"You may not do that: it needs the {string.Join(" or ", Permissions.GrantedTo(needed))} role.", Ok: false);
        }

        var actor = new Actor(person.UserId, person.Name);
        return command switch
        {
            ChatCommand.DeclareIncident declare => await DeclareAsync(context, declare, actor, cancellationToken),
            ChatCommand.Ack ack => await OnIncidentAsync(context, ack.Incident, id => ChangeAsync(id, StatusAction.Acknowledge, actor, cancellationToken), cancellationToken),
            ChatCommand.Resolve resolve => await OnIncidentAsync(context, resolve.Incident, id => ChangeAsync(id, StatusAction.Resolve, actor, cancellationToken), cancellationToken),
            ChatCommand.Escalate esc => await OnIncidentAsync(context, esc.Incident,
                async id => await ReplyAsync(await escalate.HandleAsync(id, actor, cancellationToken), id, "Escalated.", cancellationToken), cancellationToken),
            ChatCommand.Note n => await OnIncidentAsync(context, null,
                async id => await ReplyAsync(await note.HandleAsync(id, n.Text, actor, cancellationToken), id, "Note added to the timeline.", cancellationToken), cancellationToken),
            ChatCommand.Status s => await OnIncidentAsync(context, s.Incident, id => StatusAsync(id, cancellationToken), cancellationToken),
            ChatCommand.Postmortem pm => await OnIncidentAsync(context, pm.Incident, id => PostmortemAsync(id, cancellationToken), cancellationToken),
            ChatCommand.Page p => await PageAsync(context, p, actor, cancellationToken),
            ChatCommand.OnCall oc => await OnCallAsync(oc.Service, cancellationToken),
            ChatCommand.List => await ListAsync(person, cancellationToken),
            ChatCommand.Rsvp rsvp => await RsvpAsync(context, rsvp, person, cancellationToken),
            ChatCommand.Help or ChatCommand.Unknown or ChatCommand.Link => throw new InvalidOperationException("Handled above."),
            _ => throw new InvalidOperationException($"Unhandled chat command {command.GetType().Name}."),
        };
    }

    /// <summary>A fresh one-time code for the portal profile; typing <c>link &lt;code&gt;</c> in chat links that chat user to this person.</summary>
    public async Task<string> IssueLinkCodeAsync(string userId, CancellationToken cancellationToken = default)
    {
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChatLinkCodes.RemoveRange(db.ChatLinkCodes.Where(c => c.UserId == userId));
        db.ChatLinkCodes.Add(new ChatLinkCode { Code = code, UserId = userId, ExpiresAt = clock.GetUtcNow() + LinkCodeLifetime });
        await db.SaveChangesAsync(cancellationToken);
        return code;
    }

    /// <summary>Remembers that a conversation (or thread) is about an incident, so commands there default to it.</summary>
    public async Task RememberAsync(ChatContext context, long incidentId, CancellationToken cancellationToken = default)
    {
        if (context.Medium == ChatMedium.Portal)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var thread = context.ThreadId ?? "";
        var existing = await db.ChatConversations.SingleOrDefaultAsync(c => c.Medium == context.Medium && c.ConversationId == context.ConversationId && c.ThreadId == thread, cancellationToken);
        if (existing is null)
        {
            db.ChatConversations.Add(new ChatConversation { Medium = context.Medium, ConversationId = context.ConversationId, ThreadId = thread, IncidentId = incidentId, At = clock.GetUtcNow() });
        }
        else
        {
            existing.IncidentId = incidentId;
            existing.At = clock.GetUtcNow();
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same conversation was remembered at the same moment; either answer will do.
        }
    }

    private async Task<ChatReply> LinkAsync(ChatMedium medium, string? externalId, string code, CancellationToken cancellationToken)
    {
        if (medium == ChatMedium.Portal || string.IsNullOrEmpty(externalId))
        {
            return new ChatReply("You are signed in to the portal already; `link` is for Slack and Teams.", Ok: false);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.ChatLinkCodes.SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (found is null || found.ExpiresAt < clock.GetUtcNow())
        {
            return new ChatReply("That code is unknown or expired. Your portal profile shows a fresh one.", Ok: false);
        }

        db.ChatLinkCodes.Remove(found);
        db.ChatIdentities.RemoveRange(db.ChatIdentities.Where(i => i.Medium == medium && i.ExternalId == externalId));
        db.ChatIdentities.Add(new ChatIdentity { Medium = medium, ExternalId = externalId, UserId = found.UserId, LinkedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        var name = await db.Users.Where(u => u.Id == found.UserId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        return new ChatReply($"Linked: you are {name} here now.");
    }

    private async Task<ChatReply> OnIncidentAsync(ChatContext context, long? explicitId, Func<long, Task<ChatReply>> act, CancellationToken cancellationToken)
    {
        var id = explicitId ?? context.IncidentId;
        if (id is null && context.Medium != ChatMedium.Portal)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var thread = context.ThreadId ?? "";
            id = await db.ChatConversations.Where(c => c.Medium == context.Medium && c.ConversationId == context.ConversationId && (c.ThreadId == thread || c.ThreadId == ""))
                .OrderByDescending(c => c.ThreadId).ThenByDescending(c => c.At).Select(c => (long?)c.IncidentId).FirstOrDefaultAsync(cancellationToken);
        }

        return id is { } incident ? await act(incident) : new ChatReply("Which incident? Add its number, e.g. `ack INC-42`.", Ok: false);
    }

    private async Task<ChatReply> ChangeAsync(long id, StatusAction action, Actor actor, CancellationToken cancellationToken)
    {
        var outcome = await status.HandleAsync(id, action, actor, null, null, cancellationToken);
        return await ReplyAsync(outcome, id, action == StatusAction.Acknowledge ? "Acknowledged." : "Resolved.", cancellationToken);
    }

    private async Task<ChatReply> ReplyAsync(Outcome outcome, long id, string done, CancellationToken cancellationToken) =>
        outcome.Succeeded
            ? new ChatReply($"{Incident.Format(id)}: {done}", Incident: await IncidentAsync(id, cancellationToken))
            : new ChatReply(outcome.Error ?? "That did not work.", Ok: false);

    private async Task<ChatReply> DeclareAsync(ChatContext context, ChatCommand.DeclareIncident declare, Actor actor, CancellationToken cancellationToken)
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

        var matrix = incidentOptions.Value.Matrix();
        var severity = declare.Severity ?? Severity.Sev3;
        var (impact, urgency) = Enum.GetValues<Impact>().SelectMany(i => Enum.GetValues<Urgency>().Select(u => (i, u)))
            .Where(c => matrix.For(c.i, c.u) == severity).DefaultIfEmpty((Impact.Medium, Urgency.Medium)).First();
        var (outcome, id) = await log.HandleAsync(new NewIncident(declare.Title, $"Declared in {context.Medium} by {actor.Name}.", service.Id, impact, urgency), actor, cancellationToken);
        if (id is not { } incident)
        {
            return new ChatReply(outcome.Error ?? "Not declared.", Ok: false);
        }

        await RememberAsync(context, incident, cancellationToken);
        return new ChatReply($"Declared {Incident.Format(incident)} on {service.Name}.", Incident: await IncidentAsync(incident, cancellationToken));
    }

    private async Task<ChatReply> StatusAsync(long id, CancellationToken cancellationToken)
    {
        var incident = await IncidentAsync(id, cancellationToken);
        if (incident is null)
        {
            return new ChatReply($"{Incident.Format(id)} does not exist.", Ok: false);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var update = await db.Incidents.Where(i => i.Id == id).Select(i => i.LatestStatusUpdate).SingleAsync(cancellationToken);
        return new ChatReply($"{incident.Number} is {incident.Status.ToString().ToLowerInvariant()} ({incident.Severity.Label()}, {incident.Service})."
            + (update is null ? "" : $" Latest update: {update}"), Incident: incident);
    }

    private async Task<ChatReply> PostmortemAsync(long id, CancellationToken cancellationToken)
    {
        var incident = await IncidentAsync(id, cancellationToken);
        if (incident is null)
        {
            return new ChatReply($"{Incident.Format(id)} does not exist.", Ok: false);
        }

        if (await postmortems.ForIncidentAsync(id, cancellationToken) is { } postmortemId && await postmortems.HandleAsync(postmortemId, cancellationToken) is { } pm)
        {
            var review = pm.Meeting is { } meeting
                ? $" Review {meeting.StartsAt:ddd d MMM HH:mm} UTC: {meeting.Invitees.Count(i => i.Response == Domain.Postmortems.Rsvp.Accepted)} of {meeting.Invitees.Count} accepted."
                : " No review scheduled yet.";
            return new ChatReply($"Postmortem of {incident.Number}: {Domain.Postmortems.Postmortem.Describe(pm.Status)}, owned by {pm.OwnerName ?? "nobody yet"}, "
                + $"due {pm.DueAt:ddd d MMM}{(pm.Overdue ? " (overdue)" : "")}.{review} {portal.Value.Link($"/postmortems/{pm.Id}")}", Incident: incident);
        }

        // The same policy that opens postmortems: the service's own threshold or opt-out, else the default.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var service = await db.Incidents.Where(i => i.Id == id).Join(db.Services, i => i.ServiceId, s => s.Id, (_, s) => new { s.Name, s.PostmortemAtOrAbove, s.PostmortemOptOut })
            .SingleAsync(cancellationToken);
        var required = Domain.Postmortems.PostmortemPolicy.Requires(incident.Severity, service.PostmortemAtOrAbove, service.PostmortemOptOut, postmortemOptions.Value.RequiredAtOrAbove);
        var policy = service.PostmortemOptOut ? $"{service.Name} opts out of postmortems"
            : service.PostmortemAtOrAbove is { } threshold ? $"{service.Name} asks for one at {threshold.Label()} or worse"
            : $"the default policy asks for one at {postmortemOptions.Value.RequiredAtOrAbove.Label()} or worse";
        return required
            ? new ChatReply($"{incident.Number} is {incident.Severity.Label()}: a postmortem will be opened when it is resolved ({policy}).", Incident: incident)
            : new ChatReply($"{incident.Number} is {incident.Severity.Label()}: no postmortem is required ({policy}).", Incident: incident);
    }

    private async Task<ChatReply> RsvpAsync(ChatContext context, ChatCommand.Rsvp rsvp, ChatPerson person, CancellationToken cancellationToken)
    {
        var (outcome, review) = await reviews.RespondAsync(rsvp.Meeting, person.UserId, rsvp.Response, context.Medium.ToString(), cancellationToken);
        if (!outcome.Succeeded)
        {
            return new ChatReply(outcome.Error ?? "That did not work.", Ok: false);
        }

        var answer = rsvp.Response switch
        {
            Domain.Postmortems.Rsvp.Accepted => "accepted",
            Domain.Postmortems.Rsvp.Tentative => "said maybe to",
            Domain.Postmortems.Rsvp.Declined => "declined",
            Domain.Postmortems.Rsvp.NeedsAction => "answered",
        };
        return new ChatReply($"Thanks, {person.Name}: you {answer} {review}.");
    }

    private async Task<ChatReply> PageAsync(ChatContext context, ChatCommand.Page command, Actor actor, CancellationToken cancellationToken)
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
        return await OnIncidentAsync(context, command.Incident,
            async id => await ReplyAsync(await page.HandleAsync(id, target, $"from {context.Medium}", actor, cancellationToken), id, $"Paged {wanted}.", cancellationToken),
            cancellationToken);
    }

    private async Task<ChatReply> OnCallAsync(string? service, CancellationToken cancellationToken)
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

    private async Task<ChatReply> ListAsync(ChatPerson person, CancellationToken cancellationToken)
    {
        var open = await list.HandleAsync(new IncidentQuery { PageSize = 10 }, person.UserId, cancellationToken);
        if (open.Rows.Count == 0)
        {
            return new ChatReply("No open incidents.");
        }

        var incidents = open.Rows.Select(r => new ChatIncident(r.Id, r.Title, r.Severity, r.Status, r.ServiceName, r.CommanderName, Link(r.Id))).ToList();
        return new ChatReply($"{open.Total}{(open.TotalIsCapped ? "+" : "")} open incident(s):", Incidents: incidents);
    }

    public async Task<ChatIncident?> IncidentAsync(long id, CancellationToken cancellationToken = default)
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

    private Uri Link(long id) => portal.Value.Link($"incidents/{id}");
}
