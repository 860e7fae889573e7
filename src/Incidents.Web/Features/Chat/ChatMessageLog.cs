using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Chat;

/// <summary>Remembers the messages a bot posted about an incident (any medium), so they can be updated later.</summary>
internal sealed class ChatMessageLog(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public async Task TrackAsync(ChatMedium medium, long incidentId, string conversation, string messageId, string purpose, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.ChatMessages.AnyAsync(m => m.Medium == medium && m.Conversation == conversation && m.MessageId == messageId, cancellationToken))
        {
            return;
        }

        db.ChatMessages.Add(new ChatMessageRef { Medium = medium, IncidentId = incidentId, Conversation = conversation, MessageId = messageId, Purpose = purpose, PostedAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Tracked a moment ago by a concurrent update.
        }
    }
}
