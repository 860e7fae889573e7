using System.Globalization;
using Incidents.Domain;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.OnCall.Policies;

internal sealed record LevelInput(int TimeoutSeconds, IReadOnlyList<EscalationTarget> Targets);

internal sealed record PolicyInput(string Name, string? Description, long? TeamId, int Repeats, IReadOnlyList<LevelInput> Levels, IReadOnlyList<long> ServiceIds);

internal sealed record PolicySummary(long Id, string Name, string? Description, long? TeamId, int Repeats, IReadOnlyList<LevelSummary> Levels, IReadOnlyList<(long Id, string Name)> Services);

internal sealed record LevelSummary(int TimeoutSeconds, IReadOnlyList<EscalationTarget> Targets, IReadOnlyList<string> TargetNames);

/// <summary>Escalation policies: levels with targets and timeouts, repeats, and the services that use them.</summary>
internal sealed class ManagePolicies(IDbContextFactory<IncidentsDbContext> contexts)
{
    public async Task<IReadOnlyList<PolicySummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var policies = await db.EscalationPolicies.AsNoTracking().Include(p => p.Levels).OrderBy(p => p.Name).ToListAsync(cancellationToken);
        var services = await db.Services.AsNoTracking().Where(s => s.EscalationPolicyId != null).Select(s => new { s.Id, s.Name, s.EscalationPolicyId }).ToListAsync(cancellationToken);
        var people = await Schedules.ManageSchedules.NamesAsync(db, cancellationToken);
        var schedules = await db.Schedules.AsNoTracking().ToDictionaryAsync(s => s.Id.ToString(CultureInfo.InvariantCulture), s => s.Name, cancellationToken);
        string Name(EscalationTarget t) => t.Kind switch
        {
            EscalationTargetKind.Person => people.GetValueOrDefault(t.Id, "(removed person)"),
            EscalationTargetKind.Schedule => schedules.TryGetValue(t.Id, out var s) ? $"{s} (schedule)" : "(removed schedule)",
        };

        return policies.Select(p => new PolicySummary(p.Id, p.Name, p.Description, p.TeamId, p.Repeats,
            p.Ordered.Select(l => new LevelSummary(l.TimeoutSeconds, l.Targets, l.Targets.Select(Name).ToList())).ToList(),
            services.Where(s => s.EscalationPolicyId == p.Id).Select(s => (s.Id, s.Name)).ToList())).ToList();
    }

    public async Task<(Outcome Outcome, long? Id)> SaveAsync(long? id, PolicyInput input, Actor by, CancellationToken cancellationToken = default)
    {
        var levels = input.Levels.Select(l => (l.TimeoutSeconds, l.Targets)).ToList();
        if (EscalationPolicy.Validate(input.Name, input.Repeats, levels) is { } error)
        {
            return (Outcome.Invalid(error), null);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var name = input.Name.Trim();
        if (await db.EscalationPolicies.AnyAsync(p => p.Name == name && p.Id != id, cancellationToken))
        {
            return (Outcome.Conflict($"A policy named \"{name}\" exists already."), null);
        }

        if (await MissingTargetAsync(db, input.Levels.SelectMany(l => l.Targets).ToList(), cancellationToken) is { } missing)
        {
            return (Outcome.Invalid(missing), null);
        }

        EscalationPolicy policy;
        if (id is { } existing)
        {
            var found = await db.EscalationPolicies.Include(p => p.Levels).SingleOrDefaultAsync(p => p.Id == existing, cancellationToken);
            if (found is null)
            {
                return (Outcome.NotFound("That policy does not exist."), null);
            }

            policy = found;
            policy.Name = name;
        }
        else
        {
            policy = new EscalationPolicy(name, input.TeamId);
            db.EscalationPolicies.Add(policy);
        }

        policy.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        policy.TeamId = input.TeamId;
        policy.Repeats = input.Repeats;
        policy.ReplaceLevels(levels);
        policy.Version++;
        db.ActingAs(by);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        // The services listed use this policy; services no longer listed lose it.
        var services = await db.Services.Where(s => input.ServiceIds.Contains(s.Id) || s.EscalationPolicyId == policy.Id).ToListAsync(cancellationToken);
        foreach (var service in services)
        {
            service.EscalationPolicyId = input.ServiceIds.Contains(service.Id) ? policy.Id : null;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (Outcome.Success, policy.Id);
    }

    public async Task<Outcome> DeleteAsync(long id, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var policy = await db.EscalationPolicies.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (policy is null)
        {
            return Outcome.NotFound("That policy does not exist.");
        }

        var used = await db.Services.Where(s => s.EscalationPolicyId == id).Select(s => s.Name).ToListAsync(cancellationToken);
        if (used.Count > 0)
        {
            return Outcome.Conflict($"{policy.Name} is used by {string.Join(", ", used)}; give those services another policy first.");
        }

        db.ActingAs(by).EscalationPolicies.Remove(policy);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }

    private static async Task<string?> MissingTargetAsync(IncidentsDbContext db, IReadOnlyList<EscalationTarget> targets, CancellationToken cancellationToken)
    {
        var people = targets.Where(t => t.Kind == EscalationTargetKind.Person).Select(t => t.Id).Distinct().ToList();
        var schedules = targets.Where(t => t.Kind == EscalationTargetKind.Schedule).Select(t => long.TryParse(t.Id, out var s) ? s : -1).Distinct().ToList();
        if (await Paging.OnCallPeople.WhoCannotRespondAsync(db, people, "A person in the policy does not exist.", cancellationToken) is { } cannot)
        {
            return cannot;
        }

        return await db.Schedules.CountAsync(s => schedules.Contains(s.Id), cancellationToken) != schedules.Count ? "A schedule in the policy does not exist." : null;
    }
}
