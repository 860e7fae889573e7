using Incidents.Domain;
using Incidents.Domain.Chat;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary>Who typed a command, and where.</summary>
internal sealed record ChatRequest(ChatContext Context, ChatPerson Person)
{
    public Actor Actor => new(Person.UserId, Person.Name);
}

/// <summary>One chat command's handler, as <see cref="RunChatCommand"/> finds it.</summary>
internal interface IChatCommandHandler
{
    Type Command { get; }

    Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand command, CancellationToken cancellationToken);
}

/// <summary>
/// The handler of one <see cref="ChatCommand"/> (one class per command). It calls the same use case the portal's button
/// calls, which decides who may act and says who can help when someone may not.
/// </summary>
internal abstract class ChatCommandHandler<TCommand> : IChatCommandHandler
    where TCommand : ChatCommand
{
    public Type Command => typeof(TCommand);

    Task<ChatReply> IChatCommandHandler.HandleAsync(ChatRequest request, ChatCommand command, CancellationToken cancellationToken) =>
        HandleAsync(request, (TCommand)command, cancellationToken);

    protected abstract Task<ChatReply> HandleAsync(ChatRequest request, TCommand command, CancellationToken cancellationToken);
}
