using Incidents.Domain;
using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Incidents.Web.Features.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Changes.Fingerprints;

/// <summary>
/// Settles drifts, every five minutes: one a recorded change now explains is explained; one still unexplained past
/// <c>Changes:DriftWindowHours</c> becomes a detected, unauthorized change awaiting approval after the fact, and the
/// owning team hears of it. The change, the drift's new state and the notices commit together, so a crash or a second
/// instance never records one drift twice (the change's key is the drift's id).
/// </summary>
internal sealed partial class DetectDrift(
    IDbContextFactory<IncidentsDbContext> contexts, IOptions<ChangeOptions> options, TimeProvider clock, ILogger<DetectDrift> logger)
{
    public const string JobId = "changes-drift";

    public async Task<(int Explained, int Unauthorized)> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var window = options.Value.DriftWindow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ActingAs(new Actor(null, "Drift detection"));
        var pending = await db.FingerprintDrifts.Where(d => d.Status == DriftStatus.Pending).OrderBy(d => d.ObservedAt).Take(500).ToListAsync(cancellationToken);
        int explained = 0, unauthorized = 0;
        foreach (var drift in pending)
        {
            if (await ExplainingAsync(db, drift, window, cancellationToken) is { } change)
            {
                drift.ExplainBy(change.Id, now);
                explained++;
            }
            else if (drift.IsOverdue(now, window))
            {
                await RecordUnauthorizedAsync(db, drift, now, cancellationToken);
                unauthorized++;
            }
        }

        if (explained + unauthorized > 0)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance settled the same drift first (the detected change's key is unique): nothing is lost.
                return (0, 0);
            }

            LogSettled(logger, explained, unauthorized);
        }

        return (explained, unauthorized);
    }

    /// <summary>A recorded production change of the service that explains the drift, if there is one.</summary>
    public static async Task<Change?> ExplainingAsync(IncidentsDbContext db, FingerprintDrift drift, TimeSpan window, CancellationToken cancellationToken)
    {
        var until = drift.ExplainableUntil(window);
        var candidates = await db.Changes.AsNoTracking()
            .Where(c => c.ServiceId == drift.ServiceId && c.Environment == drift.Environment && c.Source != ChangeSource.Detected
                && c.EndedAt >= drift.PreviousSeenAt && c.EndedAt <= until)
            .ToListAsync(cancellationToken);
        return candidates.Where(c => drift.IsExplainedBy(c, window)).OrderBy(c => c.EndedAt).FirstOrDefault();
    }

    private static async Task RecordUnauthorizedAsync(IncidentsDbContext db, FingerprintDrift drift, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var change = Change.Detected(drift, now);
        db.Changes.Add(change);
        await db.SaveChangesAsync(cancellationToken);
        drift.RecordAsUnauthorized(change.Id, now);
        db.ChangeEvents.Add(new ChangeEvent(change.Id, null, "Drift detection", now,
            $"Production fingerprint changed at {drift.ObservedAt:yyyy-MM-dd HH:mm} UTC and no change explained it within the window: recorded as an unauthorized change, awaiting two approvals after the fact."));
        var service = await db.Services.AsNoTracking().Where(s => s.Id == drift.ServiceId).Select(s => new { s.Name }).SingleAsync(cancellationToken);
        var owners = await Catalog.ServiceOwners.Of(db, drift.ServiceId).Distinct().ToListAsync(cancellationToken);
        foreach (var owner in owners)
        {
            db.Notices.Add(new Notice($"drift:{drift.Id}:{owner}", owner, $"Unannounced change to {service.Name}: {change.Number}",
                $"The production fingerprint of {service.Name} changed from {FingerprintDrift.Abbreviate(drift.From)} to {FingerprintDrift.Abbreviate(drift.To)} and no recorded change explains it. Approve it after the fact, or find out who changed production.",
                $"/changes/{change.Id}", now));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift: {Explained} explained, {Unauthorized} recorded as unauthorized changes")]
    private static partial void LogSettled(ILogger logger, int explained, int unauthorized);
}
