using Incidents.Domain;
using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Changes.Fingerprints;

/// <summary>What a check-in found: the first one (a baseline), the same production, or a drift and whether a change explains it yet.</summary>
public enum FingerprintResult
{
    Baseline,
    Unchanged,
    Explained,
    Pending,
}

/// <summary>
/// A production fingerprint check-in (a version, an image digest, a hash of the deployed files). A fingerprint that
/// differs from the last one is a drift, saved with the check-in: explained at once when a recorded change covers it,
/// else left to <see cref="DetectDrift"/>, which records it as an unauthorized change once the window has passed.
/// </summary>
internal sealed class ReportFingerprint(IDbContextFactory<IncidentsDbContext> contexts, IOptions<ChangeOptions> options, TimeProvider clock)
{
    public async Task<(FingerprintResult Result, long? DriftId)> HandleAsync(long serviceId, string? environment, string value, Actor by, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryAsync(serviceId, ProductionFingerprint.Normalize(environment), value, by, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Two check-ins at once (the first of a service, or a concurrent one): read again and apply on top.
            }
        }
    }

    private async Task<(FingerprintResult, long?)> TryAsync(long serviceId, string environment, string value, Actor by, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ActingAs(by);
        var now = clock.GetUtcNow();
        var current = await db.ProductionFingerprints.SingleOrDefaultAsync(f => f.ServiceId == serviceId && f.Environment == environment, cancellationToken);
        if (current is null)
        {
            db.ProductionFingerprints.Add(ProductionFingerprint.Baseline(serviceId, environment, value, now));
            await db.SaveChangesAsync(cancellationToken);
            return (FingerprintResult.Baseline, null);
        }

        if (current.CheckIn(value, now) is not { } drift)
        {
            await db.SaveChangesAsync(cancellationToken);
            return (FingerprintResult.Unchanged, null);
        }

        db.FingerprintDrifts.Add(drift);
        var explaining = await DetectDrift.ExplainingAsync(db, drift, options.Value.DriftWindow, cancellationToken);
        if (explaining is not null)
        {
            drift.ExplainBy(explaining.Id, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return (explaining is null ? FingerprintResult.Pending : FingerprintResult.Explained, drift.Id);
    }
}
