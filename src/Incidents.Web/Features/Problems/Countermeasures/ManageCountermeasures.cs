using Incidents.Domain;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Incidents.Web.Features.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Problems.Countermeasures;

public sealed record CountermeasureInput(
    string Title,
    string? Description,
    CountermeasureKind Kind,
    string? OwnerId,
    DateOnly? DueOn,
    int Priority,
    long? TeamId,
    long? ProblemId = null,
    long? PostmortemId = null);

public sealed record CountermeasureRow(
    long Id,
    string Title,
    string? Description,
    CountermeasureKind Kind,
    CountermeasureState State,
    int Priority,
    DateOnly? DueOn,
    string? OwnerId,
    string? OwnerName,
    long? TeamId,
    string? TeamName,
    long? ProblemId,
    string? ProblemTitle,
    long? PostmortemId,
    bool Ineffective,
    BacklogSystem? BacklogSystem,
    string? BacklogItemId,
    string? BacklogUrl,
    string? BacklogState,
    string? BacklogError,
    DateTimeOffset CreatedAt,
    int Version)
{
    public string? ProblemNumber => ProblemId is { } id ? Problem.Format(id) : null;

    public bool IsOpen() => Countermeasure.IsOpenIn(State);

    /// <summary>The domain's push-to-backlog rule for this row (its team's connection aside).</summary>
    public bool MayGoToBacklog => Countermeasure.WhyNotToBacklog(Kind, State, BacklogItemId) is null;

    public bool IsOverdue(DateOnly today) => DueOn is { } due && due < today && IsOpen();
}

internal sealed record BoardFilter(long? TeamId = null, string? OwnerId = null, bool IncludeRejected = false);

/// <summary>Countermeasures: propose, edit, move along the board, list per problem and for the board.</summary>
internal sealed class ManageCountermeasures(IDbContextFactory<IncidentsDbContext> contexts, IOptions<ProblemOptions> options, TimeProvider clock)
{
    public async Task<(Outcome Outcome, long? Id)> AddAsync(CountermeasureInput input, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teamId = input.TeamId;
        if (input.ProblemId is { } problemId)
        {
            var serviceTeam = await db.Problems.Where(p => p.Id == problemId)
                .Join(db.Services, p => p.ServiceId, s => s.Id, (p, s) => (long?)s.TeamId).SingleOrDefaultAsync(cancellationToken);
            if (serviceTeam is null)
            {
                return (Outcome.NotFound($"{Problem.Format(problemId)} does not exist."), null);
            }

            teamId ??= serviceTeam;
        }

        if (await InvalidReferenceAsync(db, input with { TeamId = teamId }, cancellationToken) is { } invalid)
        {
            return (Outcome.Invalid(invalid), null);
        }

        var at = clock.GetUtcNow();
        var (outcome, countermeasure) = Countermeasure.Propose(input.Title, input.Kind, input.ProblemId, at, teamId, input.PostmortemId);
        if (!outcome.Succeeded)
        {
            return (outcome, null);
        }

        var edited = countermeasure!.Edit(input.Title, input.Description, input.Kind, input.OwnerId, input.DueOn, input.Priority, teamId);
        if (!edited.Succeeded)
        {
            return (edited, null);
        }

        db.ActingAs(by);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Countermeasures.Add(countermeasure);
        await db.SaveChangesAsync(cancellationToken);
        if (input.ProblemId is { } problem)
        {
            db.ProblemHistory.Add(new ProblemEvent(problem, ProblemEventKind.CountermeasureAdded, by, at,
                $"Countermeasure proposed: “{countermeasure.Title}” ({Countermeasure.Describe(countermeasure.Kind)})."));
        }

        NoticeToOwner(db, countermeasure, by, at);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (Outcome.Success, countermeasure.Id);
    }

    public async Task<Outcome> EditAsync(long id, CountermeasureInput input, int version, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var countermeasure = await db.Countermeasures.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (countermeasure is null)
        {
            return Outcome.NotFound("That countermeasure does not exist.");
        }

        if (countermeasure.Version != version)
        {
            return Outcome.Conflict("It was changed by someone else meanwhile; reload and try again.");
        }

        if (await InvalidReferenceAsync(db, input, cancellationToken) is { } invalid)
        {
            return Outcome.Invalid(invalid);
        }

        var ownerBefore = countermeasure.OwnerId;
        var outcome = countermeasure.Edit(input.Title, input.Description, input.Kind, input.OwnerId, input.DueOn, input.Priority, input.TeamId);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        if (countermeasure.OwnerId != ownerBefore)
        {
            NoticeToOwner(db, countermeasure, by, clock.GetUtcNow());
        }

        return await SaveAsync(db, by, cancellationToken);
    }

    public async Task<Outcome> MoveAsync(long id, CountermeasureState to, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var countermeasure = await db.Countermeasures.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (countermeasure is null)
        {
            return Outcome.NotFound("That countermeasure does not exist.");
        }

        if (countermeasure.State == to)
        {
            return Outcome.Success;
        }

        var before = countermeasure.State;
        var at = clock.GetUtcNow();
        var outcome = countermeasure.MoveTo(to, at);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        await ProblemProgress.FollowAsync(db, countermeasure, before, by, at, options.Value.WatchWindow, cancellationToken);
        return await SaveAsync(db, by, cancellationToken);
    }

    public async Task<IReadOnlyList<CountermeasureRow>> ForProblemAsync(long problemId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await RowsAsync(db, db.Countermeasures.Where(c => c.ProblemId == problemId), cancellationToken);
    }

    public async Task<IReadOnlyList<CountermeasureRow>> BoardAsync(BoardFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Countermeasures.AsQueryable();
        if (filter.TeamId is { } team)
        {
            query = query.Where(c => c.TeamId == team);
        }

        if (!string.IsNullOrEmpty(filter.OwnerId))
        {
            query = query.Where(c => c.OwnerId == filter.OwnerId);
        }

        if (!filter.IncludeRejected)
        {
            query = query.Where(c => c.State != CountermeasureState.Rejected);
        }

        return await RowsAsync(db, query, cancellationToken);
    }

    public async Task<CountermeasureRow?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await RowsAsync(db, db.Countermeasures.Where(c => c.Id == id), cancellationToken)).SingleOrDefault();
    }

    internal static async Task<IReadOnlyList<CountermeasureRow>> RowsAsync(IncidentsDbContext db, IQueryable<Countermeasure> query, CancellationToken cancellationToken)
    {
        var rows = await query.AsNoTracking()
            .OrderBy(c => c.Priority).ThenBy(c => c.DueOn == null).ThenBy(c => c.DueOn).ThenBy(c => c.Id)
            .Select(c => new
            {
                c,
                Owner = db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                Team = db.Teams.Where(t => t.Id == c.TeamId).Select(t => t.Name).FirstOrDefault(),
                Problem = db.Problems.Where(p => p.Id == c.ProblemId).Select(p => p.Title).FirstOrDefault(),
            })
            .Take(1000)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new CountermeasureRow(r.c.Id, r.c.Title, r.c.Description, r.c.Kind, r.c.State, r.c.Priority, r.c.DueOn, r.c.OwnerId, r.Owner,
            r.c.TeamId, r.Team, r.c.ProblemId, r.Problem, r.c.PostmortemId, r.c.Ineffective, r.c.BacklogSystem, r.c.BacklogItemId, r.c.BacklogUrl,
            r.c.BacklogState, r.c.BacklogError, r.c.CreatedAt, r.c.Version)).ToList();
    }

    private static void NoticeToOwner(IncidentsDbContext db, Countermeasure countermeasure, Actor by, DateTimeOffset at)
    {
        if (countermeasure.OwnerId is not { } owner || owner == by.Id)
        {
            return;
        }

        var about = countermeasure.ProblemId is { } problem ? $" for {Problem.Format(problem)}" : "";
        db.Notices.Add(new Notice($"cm-owner:{countermeasure.Id}:{owner}:{at.UtcTicks}", owner, $"You own a countermeasure{about}: {countermeasure.Title}",
            $"{by.Name} made you the owner of “{countermeasure.Title}”{about} ({Countermeasure.Describe(countermeasure.Kind)}"
            + (countermeasure.DueOn is { } due ? $", due {due:yyyy-MM-dd}" : "") + ").",
            countermeasure.ProblemId is { } p ? $"/problems/{p}" : "/countermeasures", at));
    }

    private static async Task<string?> InvalidReferenceAsync(IncidentsDbContext db, CountermeasureInput input, CancellationToken cancellationToken)
    {
        if (input.OwnerId is { Length: > 0 } owner && !await db.Users.AnyAsync(u => u.Id == owner, cancellationToken))
        {
            return "The owner is not a person in Incidents.";
        }

        if (input.TeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, cancellationToken))
        {
            return "That team does not exist.";
        }

        return null;
    }

    private static async Task<Outcome> SaveAsync(IncidentsDbContext db, Actor by, CancellationToken cancellationToken)
    {
        try
        {
            db.ActingAs(by);
            await db.SaveChangesAsync(cancellationToken);
            return Outcome.Success;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Conflict("It was changed by someone else meanwhile; reload and try again.");
        }
    }
}

/// <summary>A card moved on the board (dragged or from its menu).</summary>
public sealed record CountermeasureMove(long Id, CountermeasureState To);
