using Incidents.Domain.Access;
using Incidents.Domain.Chat;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary>
/// The one command layer behind Slack, Teams and the portal's chat panel: parse, find the person, check what the command
/// declares it needs, and hand it to its one handler (<see cref="ChatCommandHandler{TCommand}"/>); answers are
/// medium-neutral <see cref="ChatReply"/>s. A command without a handler stops the app at startup.
/// </summary>
internal sealed class RunChatCommand
{
    /// <summary>Answered here, before anyone needs to be known.</summary>
    public static readonly IReadOnlySet<Type> AnsweredBeforeIdentity = new HashSet<Type> { typeof(ChatCommand.Help), typeof(ChatCommand.Unknown), typeof(ChatCommand.Link) };

    private readonly ChatIdentityLinks links;
    private readonly Dictionary<Type, IChatCommandHandler> handlers;

    public RunChatCommand(ChatIdentityLinks links, IEnumerable<IChatCommandHandler> handlers)
    {
        this.links = links;
        this.handlers = handlers.ToDictionary(h => h.Command);
        var missing = Commands().Where(c => !AnsweredBeforeIdentity.Contains(c) && !this.handlers.ContainsKey(c)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"No handler for the chat command(s) {string.Join(", ", missing)}.");
        }
    }

    /// <summary>Every command the parser can produce.</summary>
    public static IEnumerable<Type> Commands() =>
        typeof(ChatCommand).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(ChatCommand)) && !t.IsAbstract);

    /// <summary>Answers one line typed in chat. <paramref name="externalId"/> is the chat user's id in its medium (used to link an identity).</summary>
    public async Task<ChatReply> HandleAsync(ChatContext context, ChatPerson? person, string? externalId, string text, CancellationToken cancellationToken = default)
    {
        var command = ChatCommands.Parse(text);
        switch (command)
        {
            case ChatCommand.Help:
                return new ChatReply("Commands: " + ChatCommands.Usage);
            case ChatCommand.Unknown unknown:
                return new ChatReply($"{unknown.Problem} Try `help`.", Ok: false);
            case ChatCommand.Link link:
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

        return await handlers[command.GetType()].HandleAsync(new ChatRequest(context, person), command, cancellationToken);
    }
}
