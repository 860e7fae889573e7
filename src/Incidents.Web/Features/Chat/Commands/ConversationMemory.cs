using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary>
/// Which incident a conversation (or thread) is about, remembered when a card is posted or an incident declared there,
/// so <c>ack</c> typed in that thread needs no number.
/// </summary>
internal sealed class ConversationMemory(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
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

    /// <summary>Runs <paramref name="act"/> on the incident the command means (<see cref="IncidentOfAsync"/>), or asks which.</summary>
    public async Task<ChatReply> OnIncidentAsync(ChatContext context, long? named, Func<long, Task<ChatReply>> act, CancellationToken cancellationToken) =>
        await IncidentOfAsync(context, named, cancellationToken) is { } id
            ? await act(id)
            : new ChatReply("Which incident? Add its number, e.g. `ack INC-42`.", Ok: false);

    /// <summary>
    /// The incident a command means: the one it names, else the one the surface is about (a card, a portal page), else
    /// the one this thread (then this conversation) was last about.
    /// </summary>
    public async Task<long?> IncidentOfAsync(ChatContext context, long? named, CancellationToken cancellationToken = default)
    {
        if ((named ?? context.IncidentId) is { } id)
        {
            return id;
        }

        if (context.Medium == ChatMedium.Portal)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var thread = context.ThreadId ?? "";
        return await db.ChatConversations.Where(c => c.Medium == context.Medium && c.ConversationId == context.ConversationId && (c.ThreadId == thread || c.ThreadId == ""))
            .OrderByDescending(c => c.ThreadId).ThenByDescending(c => c.At).Select(c => (long?)c.IncidentId).FirstOrDefaultAsync(cancellationToken);
    }
}
