using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Inbox;

/// <summary>What people hear in their bell about an incident someone else changed: written with the change itself.</summary>
internal static class IncidentNews
{
    /// <summary>Writes <paramref name="text"/> to the incident by <paramref name="write"/>; once it is there, everyone @mentioned in it hears of it.</summary>
    public static async Task<Outcome> WriteWithMentionsAsync(
        IncidentsDbContext db, Incident incident, string text, Actor by, DateTimeOffset at, Func<Outcome> write, CancellationToken cancellationToken)
    {
        var outcome = write();
        if (outcome.Succeeded)
        {
            await MentionedAsync(db, incident, text, by, at, cancellationToken);
        }

        return outcome;
    }

    /// <summary>Everyone @mentioned in <paramref name="text"/> (but its author) hears of it.</summary>
    private static async Task MentionedAsync(IncidentsDbContext db, Incident incident, string text, Actor by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        foreach (var handle in Mentions.In(text))
        {
            var prefix = handle.ToUpperInvariant() + "@";
            var people = await db.Users.Where(u => !u.IsDisabled && u.NormalizedEmail != null && u.NormalizedEmail.StartsWith(prefix) && u.Id != by.Id)
                .Select(u => u.Id).ToListAsync(cancellationToken);
            foreach (var userId in people)
            {
                PortalInbox.Tell(db, new InboxItem($"mention:{incident.Id}:{incident.Version}:{userId}", userId, InboxKind.Mention,
                    $"{by.Name} mentioned you on {incident.Number}: {incident.Title}", Link(incident), incident.Id, at));
            }
        }
    }

    /// <summary>A person someone else put on the response hears of it.</summary>
    public static void Assigned(IncidentsDbContext db, Incident incident, string userId, string role, Actor by, DateTimeOffset at)
    {
        if (userId == by.Id)
        {
            return;
        }

        PortalInbox.Tell(db, new InboxItem($"assign:{incident.Id}:{incident.Version}:{userId}", userId, InboxKind.Assignment,
            $"{by.Name} made you {role} of {incident.Number}: {incident.Title}", Link(incident), incident.Id, at));
    }

    private static string Link(Incident incident) => $"/incidents/{incident.Id}";
}
