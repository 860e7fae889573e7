using Incidents.Domain;
using Incidents.Domain.Changes;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Changes.Procedures;

/// <summary>A procedure version as the pages show it.</summary>
public sealed record ProcedureVersion(long Id, ChangeType Type, int Version, IReadOnlyList<string> Steps, string? Note, string PublishedByName,
    DateTimeOffset PublishedAt, long? CountermeasureId, string? CountermeasureTitle);

/// <summary>
/// The documented change procedures: the current version of each type (the defaults are written the first time one is
/// asked for), their history, and publishing a new version, which Admins do and which may carry out a process or
/// training countermeasure.
/// </summary>
internal sealed class ManageProcedures(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    /// <summary>The current procedure of <paramref name="type"/> in <paramref name="db"/>, writing the default first when there is none.</summary>
    public static async Task<ChangeProcedure> CurrentAsync(IncidentsDbContext db, ChangeType type, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await db.ChangeProcedures.Where(p => p.Type == type).OrderByDescending(p => p.Version).FirstOrDefaultAsync(cancellationToken);
            if (current is not null)
            {
                return current;
            }

            var created = ChangeProcedure.Default(type, now);
            db.ChangeProcedures.Add(created);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return created;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Another request wrote the default at the same moment (unique type and version): read it.
                db.Entry(created).State = EntityState.Detached;
            }
        }
    }

    public async Task<IReadOnlyList<ProcedureVersion>> HistoryAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var type in Enum.GetValues<ChangeType>())
        {
            await CurrentAsync(db, type, clock.GetUtcNow(), cancellationToken);
        }

        var versions = await db.ChangeProcedures.AsNoTracking().OrderBy(p => p.Type).ThenByDescending(p => p.Version).ToListAsync(cancellationToken);
        var countermeasureIds = versions.Where(v => v.CountermeasureId is not null).Select(v => v.CountermeasureId!.Value).ToList();
        var titles = await db.Countermeasures.AsNoTracking().Where(c => countermeasureIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Title, cancellationToken);
        return versions.Select(v => new ProcedureVersion(v.Id, v.Type, v.Version, v.Steps, v.Note, v.PublishedByName, v.PublishedAt, v.CountermeasureId,
            v.CountermeasureId is { } id ? titles.GetValueOrDefault(id) : null)).ToList();
    }

    public async Task<ProcedureVersion?> VersionAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var v = await db.ChangeProcedures.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        return v is null ? null : new ProcedureVersion(v.Id, v.Type, v.Version, v.Steps, v.Note, v.PublishedByName, v.PublishedAt, v.CountermeasureId, null);
    }

    /// <summary>The process and training countermeasures not yet verified or rejected, which a new version may carry out.</summary>
    public async Task<IReadOnlyList<(long Id, string Title)>> ProcessCountermeasuresAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Countermeasures.AsNoTracking()
            .Where(c => c.Kind == CountermeasureKind.ProcessTraining && c.State != CountermeasureState.Verified && c.State != CountermeasureState.Rejected)
            .OrderByDescending(c => c.Id).Select(c => new { c.Id, c.Title }).Take(200).ToListAsync(cancellationToken);
        return rows.Select(r => (r.Id, r.Title)).ToList();
    }

    /// <summary>Publishes a new version of <paramref name="type"/>'s procedure; changes recorded from now on follow it.</summary>
    public async Task<(Outcome Outcome, int? Version)> ReviseAsync(ChangeType type, IReadOnlyList<string> steps, string? note, long? countermeasureId, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (countermeasureId is { } cm && !await db.Countermeasures.AnyAsync(c => c.Id == cm && c.Kind == CountermeasureKind.ProcessTraining, cancellationToken))
        {
            return (Outcome.Invalid("Choose a process or training countermeasure, or none."), null);
        }

        var current = await CurrentAsync(db, type, now, cancellationToken);
        var (outcome, next) = current.Revise(steps, note, countermeasureId, by, now);
        if (!outcome.Succeeded)
        {
            return (outcome, null);
        }

        db.ChangeProcedures.Add(next!);
        try
        {
            await db.ActingAs(by).SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return (Outcome.Conflict("Someone published a new version meanwhile; reload to see it."), null);
        }

        return (Outcome.Success, next!.Version);
    }
}
