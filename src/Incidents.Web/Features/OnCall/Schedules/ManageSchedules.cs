using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Incidents.Web.Features.OnCall.Paging;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.OnCall.Schedules;

internal sealed record ScheduleSummary(long Id, string Name, string TimeZoneId, long? TeamId, string? TeamName, int Layers, string? OnCallNow, DateTimeOffset? Until);

public sealed record LayerInput(
    string Name,
    IReadOnlyList<string> Participants,
    int RotationLength,
    RotationUnit RotationUnit,
    DateTime StartsAtLocal,
    DateTimeOffset? EndsAt,
    IReadOnlyList<TimeWindow> Restrictions);

public sealed record Person(string Id, string Name, string? Email);

/// <summary>Schedules: create and edit (with their layers), overrides, and the people they can use.</summary>
internal sealed class ManageSchedules(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<ScheduleSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var schedules = await db.Schedules.AsNoTracking().Include(s => s.Layers).Include(s => s.Overrides.Where(o => o.EndsAt > now))
            .OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var names = await NamesAsync(db, cancellationToken);
        return schedules.Select(s =>
        {
            var shifts = s.Shifts(now, now.AddDays(14));
            var current = shifts.Count > 0 ? shifts[0] : null;
            return new ScheduleSummary(s.Id, s.Name, s.TimeZoneId, s.TeamId, s.TeamId is { } t ? teams.GetValueOrDefault(t) : null, s.Layers.Count,
                current?.UserId is { } u ? names.GetValueOrDefault(u, "(removed)") : null, shifts.Count > 1 ? current?.To : null);
        }).ToList();
    }

    public async Task<Schedule?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Schedules.AsNoTracking().Include(s => s.Layers).Include(s => s.Overrides).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<Person>> PeopleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => !u.IsDisabled).OrderBy(u => u.DisplayName)
            .Select(u => new Person(u.Id, u.DisplayName == "" ? u.Email ?? u.Id : u.DisplayName, u.Email)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The people pages can reach and who can acknowledge them (enabled, invitation accepted, a role that responds):
    /// the only ones to offer for a rotation, an escalation level or an override.
    /// </summary>
    public async Task<IReadOnlyList<Person>> RespondersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = await db.Users.AsNoTracking().Where(u => !u.IsDisabled && u.InvitationAcceptedAt != null).OrderBy(u => u.DisplayName)
            .Select(u => new Person(u.Id, u.DisplayName == "" ? u.Email ?? u.Id : u.DisplayName, u.Email)).ToListAsync(cancellationToken);
        var roles = await Users.PersonRoles.OfAsync(db, people.Select(p => p.Id).ToList(), cancellationToken);
        return people.Where(p => Roles.CanRespond(roles.GetValueOrDefault(p.Id) ?? [])).ToList();
    }

    public async Task<(Outcome Outcome, long? Id)> SaveAsync(long? id, string name, string timeZoneId, long? teamId, string? description, Actor by, CancellationToken cancellationToken = default)
    {
        if (Schedule.Validate(name, timeZoneId) is { } error)
        {
            return (Outcome.Invalid(error), null);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Schedules.AnyAsync(s => s.Name == name.Trim() && s.Id != id, cancellationToken))
        {
            return (Outcome.Conflict($"A schedule named \"{name.Trim()}\" exists already."), null);
        }

        Schedule schedule;
        if (id is { } existing)
        {
            schedule = await db.Schedules.SingleOrDefaultAsync(s => s.Id == existing, cancellationToken) ?? throw new InvalidOperationException();
            schedule.Name = name.Trim();
            schedule.TimeZoneId = timeZoneId;
            schedule.TeamId = teamId;
        }
        else
        {
            schedule = new Schedule(name, timeZoneId, teamId);
            db.Schedules.Add(schedule);
        }

        schedule.Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        schedule.Version++;
        await db.ActingAs(by).SaveChangesAsync(cancellationToken);
        return (Outcome.Success, schedule.Id);
    }

    public Task<Outcome> SaveLayerAsync(long scheduleId, long? layerId, LayerInput input, Actor by, CancellationToken cancellationToken = default) =>
        ChangeAsync(scheduleId, by, async (schedule, db) =>
        {
            if (string.IsNullOrWhiteSpace(input.Name))
            {
                return Outcome.Invalid("Give the layer a name.");
            }

            if (ScheduleLayer.Validate(input.RotationLength, input.RotationUnit, input.Participants, input.Restrictions) is { } error)
            {
                return Outcome.Invalid(error);
            }

            var ids = input.Participants.Distinct().ToList();
            if (await Paging.OnCallPeople.WhoCannotRespondAsync(db, ids, "Someone in the rotation no longer exists.", cancellationToken) is { } cannot)
            {
                return Outcome.Invalid(cannot);
            }

            var layer = layerId is { } lid ? schedule.Layers.SingleOrDefault(l => l.Id == lid) : null;
            if (layerId is not null && layer is null)
            {
                return Outcome.NotFound("That layer does not exist.");
            }

            if (layer is null)
            {
                layer = new ScheduleLayer { Precedence = schedule.Layers.Count == 0 ? 0 : schedule.Layers.Max(l => l.Precedence) + 1 };
                schedule.Layers.Add(layer);
            }

            layer.Name = input.Name.Trim();
            layer.Participants = [.. input.Participants];
            layer.RotationLength = input.RotationLength;
            layer.RotationUnit = input.RotationUnit;
            layer.StartsAtLocal = DateTime.SpecifyKind(input.StartsAtLocal, DateTimeKind.Unspecified);
            layer.EndsAt = input.EndsAt;
            layer.Restrictions = [.. input.Restrictions];
            return Outcome.Success;
        }, cancellationToken);

    public Task<Outcome> RemoveLayerAsync(long scheduleId, long layerId, Actor by, CancellationToken cancellationToken = default) =>
        ChangeAsync(scheduleId, by, (schedule, _) =>
        {
            var layer = schedule.Layers.SingleOrDefault(l => l.Id == layerId);
            if (layer is null)
            {
                return Task.FromResult(Outcome.NotFound("That layer does not exist."));
            }

            schedule.Layers.Remove(layer);
            return Task.FromResult(Outcome.Success);
        }, cancellationToken);

    /// <summary>Moves a layer up (higher precedence) or down by swapping with its neighbour.</summary>
    public Task<Outcome> MoveLayerAsync(long scheduleId, long layerId, bool up, Actor by, CancellationToken cancellationToken = default) =>
        ChangeAsync(scheduleId, by, (schedule, _) =>
        {
            var ordered = schedule.Layers.OrderBy(l => l.Precedence).ToList();
            var index = ordered.FindIndex(l => l.Id == layerId);
            var other = up ? index + 1 : index - 1;
            if (index < 0 || other < 0 || other >= ordered.Count)
            {
                return Task.FromResult(Outcome.Invalid("That layer cannot move further."));
            }

            (ordered[index].Precedence, ordered[other].Precedence) = (ordered[other].Precedence, ordered[index].Precedence);
            if (ordered[index].Precedence == ordered[other].Precedence)
            {
                ordered[up ? index : other].Precedence++;
            }

            return Task.FromResult(Outcome.Success);
        }, cancellationToken);

    public Task<Outcome> AddOverrideAsync(long scheduleId, string userId, DateTimeOffset from, DateTimeOffset to, string? reason, Actor by, CancellationToken cancellationToken = default) =>
        ChangeAsync(scheduleId, by, async (schedule, db) =>
        {
            if (!await db.Users.AnyAsync(u => u.Id == userId && !u.IsDisabled, cancellationToken))
            {
                return Outcome.Invalid("Choose who covers.");
            }

            if (await Paging.OnCallPeople.WhoCannotRespondAsync(db, [userId], "Choose who covers.", cancellationToken) is { } cannot)
            {
                return Outcome.Invalid(cannot);
            }

            return schedule.AddOverride(userId, from, to, reason, by, clock.GetUtcNow());
        }, cancellationToken);

    public Task<Outcome> RemoveOverrideAsync(long scheduleId, long overrideId, Actor by, CancellationToken cancellationToken = default) =>
        ChangeAsync(scheduleId, by, (schedule, _) => Task.FromResult(schedule.RemoveOverride(overrideId)), cancellationToken);

    public async Task<Outcome> DeleteAsync(long scheduleId, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var schedule = await db.Schedules.SingleOrDefaultAsync(s => s.Id == scheduleId, cancellationToken);
        if (schedule is null)
        {
            return Outcome.NotFound("That schedule does not exist.");
        }

        var key = scheduleId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var levels = await db.EscalationPolicies.AsNoTracking().Include(p => p.Levels).ToListAsync(cancellationToken);
        var usedBy = levels.Where(p => p.Levels.Any(l => l.Targets.Any(t => t.Kind == EscalationTargetKind.Schedule && t.Id == key))).Select(p => p.Name).ToList();
        if (usedBy.Count > 0)
        {
            return Outcome.Conflict($"{schedule.Name} is used by {string.Join(", ", usedBy)}; take it out of those policies first.");
        }

        db.ActingAs(by).Schedules.Remove(schedule);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }

    public static async Task<Dictionary<string, string>> NamesAsync(IncidentsDbContext db, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToDictionaryAsync(u => u.Id, u => OnCallPeople.Name(u.DisplayName, u.Email), cancellationToken);

    private async Task<Outcome> ChangeAsync(long scheduleId, Actor by, Func<Schedule, IncidentsDbContext, Task<Outcome>> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var schedule = await db.Schedules.Include(s => s.Layers).Include(s => s.Overrides).SingleOrDefaultAsync(s => s.Id == scheduleId, cancellationToken);
        if (schedule is null)
        {
            return Outcome.NotFound("That schedule does not exist.");
        }

        var outcome = await change(schedule, db);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        schedule.Version++;
        try
        {
            await db.ActingAs(by).SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Conflict("Someone changed this schedule at the same moment; reload and try again.");
        }

        return Outcome.Success;
    }
}
