using Incidents.Domain;
using Incidents.Domain.Catalog;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Catalog.Teams;

public sealed record TeamRow(long Id, string Name, string? ChatChannel, IReadOnlyList<string> MemberIds, IReadOnlyList<string> MemberNames, int ServiceCount, decimal? ComplianceGoal = null);

public sealed record TeamName(long Id, string Name);

/// <summary>A team as edited; <paramref name="ComplianceGoal"/> is a share (0.95), null for the installation's goal.</summary>
internal sealed record TeamInput(string Name, string? ChatChannel, IReadOnlyList<string> MemberIds, decimal? ComplianceGoal = null);

/// <summary>Teams: list, create, edit (name, chat channel, members, compliance goal).</summary>
internal sealed class ManageTeams(IDbContextFactory<IncidentsDbContext> contexts)
{
    public async Task<IReadOnlyList<TeamRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().Include(t => t.Members).OrderBy(t => t.Name).ToListAsync(cancellationToken);
        var names = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var serviceCounts = await db.Services.GroupBy(s => s.TeamId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return teams.Select(t => new TeamRow(
                t.Id,
                t.Name,
                t.ChatChannel,
                t.Members.Select(m => m.UserId).ToList(),
                t.Members.Select(m => names.GetValueOrDefault(m.UserId, "?")).Order().ToList(),
                serviceCounts.GetValueOrDefault(t.Id),
                t.ComplianceGoal))
            .ToList();
    }

    /// <summary>Just ids and names, for pickers and filters.</summary>
    public async Task<IReadOnlyList<TeamName>> NamesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new TeamName(t.Id, t.Name)).ToListAsync(cancellationToken);
    }

    public async Task<(Outcome Outcome, long? TeamId)> SaveAsync(long? teamId, TeamInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 100)
        {
            return (Outcome.Invalid("Name the team (at most 100 characters)."), null);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ActingAs(actor);
        var name = input.Name.Trim();
        if (await db.Teams.AnyAsync(t => t.Name == name && t.Id != teamId, cancellationToken))
        {
            return (Outcome.Conflict($"There is already a team called {name}."), null);
        }

        var known = await db.Users.Where(u => input.MemberIds.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
        if (known.Count != input.MemberIds.Distinct().Count())
        {
            return (Outcome.Invalid("Some members do not exist."), null);
        }

        Team? team;
        if (teamId is { } id)
        {
            team = await db.Teams.Include(t => t.Members).SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
            if (team is null)
            {
                return (Outcome.NotFound("No such team."), null);
            }

            team.Rename(name);
        }
        else
        {
            team = new Team(name);
            db.Teams.Add(team);
        }

        if (team.SetComplianceGoal(input.ComplianceGoal) is { } badGoal)
        {
            return (Outcome.Invalid(badGoal), null);
        }

        team.ChatChannel = string.IsNullOrWhiteSpace(input.ChatChannel) ? null : input.ChatChannel.Trim();
        team.SetMembers(known);
        await db.SaveChangesAsync(cancellationToken);
        return (Outcome.Success, team.Id);
    }
}
