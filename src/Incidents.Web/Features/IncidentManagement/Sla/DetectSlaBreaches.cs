using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.IncidentManagement.Sla;

/// <summary>
/// The recurring job that stamps missed acknowledge/resolve deadlines on open incidents (safe to run twice:
/// each breach is stamped once). Time comes from the injected clock.
/// </summary>
internal sealed partial class DetectSlaBreaches(
    IDbContextFactory<IncidentsDbContext> contexts,
    IIncidentNotifier notifier,
    TimeProvider clock,
    ILogger<DetectSlaBreaches> logger)
{
    public const string JobId = "incidents-sla-breaches";

    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ActingAs(Actor.System);
        var open = IncidentStatuses.Open;
        var due = await db.Incidents
            .Where(i => (i.Status == IncidentStatus.Triggered && i.AcknowledgeBreachedAt == null && i.AcknowledgeDueAt <= now)
                || (open.Contains(i.Status) && i.ResolveBreachedAt == null && i.ResolveDueAt <= now))
            .OrderBy(i => i.Id)
            .Take(500)
            .ToListAsync(cancellationToken);

        var breached = due.Where(i => i.CheckSla(now)).ToList();
        if (breached.Count == 0)
        {
            return 0;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone changed one of them meanwhile; the next run re-reads and stamps what is still due.
            return 0;
        }

        foreach (var incident in breached)
        {
            await notifier.PublishAsync(new IncidentChanged(incident.Id, incident.Version, Actor.System.Name, IncidentChangeKind.Sla));
        }

        LogBreaches(logger, breached.Count);
        return breached.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stamped SLA breaches on {Count} incidents")]
    private static partial void LogBreaches(ILogger logger, int count);
}
