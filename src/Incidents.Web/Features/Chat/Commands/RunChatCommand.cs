using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Chat;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary>
/// The one command layer behind Slack, Teams and the portal's chat panel: parse, find the person, check what the command
/// declares it needs, and hand it to its handler (which calls the same use case the portal's button calls); answers are
/// medium-neutral <see cref="ChatReply"/>s.
/// </summary>
public sealed class RunChatCommand(
    ChatIdentityLinks links,
    ConversationMemory memory,
    IncidentChatCommands incidents,
    OnCallChatCommands onCall,
    PostmortemChatCommands postmortems)
{
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
            return await links.LinkAsync(context.Medium, externalId, link.Code, cancellationToken);
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
            ChatCommand.DeclareIncident declare => await incidents.DeclareAsync(context, declare, actor, cancellationToken),
            ChatCommand.Ack ack => await incidents.ChangeStatusAsync(context, ack.Incident, StatusAction.Acknowledge, "Acknowledged.", actor, cancellationToken),
            ChatCommand.Resolve resolve => await incidents.ChangeStatusAsync(context, resolve.Incident, StatusAction.Resolve, "Resolved.", actor, cancellationToken),
            ChatCommand.Escalate esc => await incidents.EscalateAsync(context, esc.Incident, actor, cancellationToken),
            ChatCommand.Note n => await incidents.NoteAsync(context, n.Text, actor, cancellationToken),
            ChatCommand.Status s => await incidents.StatusAsync(context, s.Incident, cancellationToken),
            ChatCommand.Postmortem pm => await memory.OnIncidentAsync(context, pm.Incident, id => postmortems.PostmortemAsync(id, cancellationToken), cancellationToken),
            ChatCommand.Page p => await onCall.PageAsync(context, p, actor, cancellationToken),
            ChatCommand.OnCall oc => await onCall.OnCallAsync(oc.Service, cancellationToken),
            ChatCommand.List => await onCall.ListAsync(person, cancellationToken),
            ChatCommand.Rsvp rsvp => await postmortems.RsvpAsync(context, rsvp, person, cancellationToken),
            ChatCommand.Help or ChatCommand.Unknown or ChatCommand.Link => throw new InvalidOperationException("Handled above."),
            _ => throw new InvalidOperationException($"Unhandled chat command {command.GetType().Name}."),
        };
    }
}
