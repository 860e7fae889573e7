namespace Incidents.Domain.Catalog;

/// <summary>People who own services. The chat channel is filled in when the bot is connected.</summary>
public sealed class Team
{
    private readonly List<TeamMember> members = [];

    private Team()
    {
    }

    public Team(string name, string? chatChannel = null)
    {
        Rename(name);
        ChatChannel = chatChannel;
    }

    public long Id { get; private set; }

    public string Name { get; private set; } = "";

    public string? ChatChannel { get; set; }

    public IReadOnlyCollection<TeamMember> Members => members;

    /// <summary>The team's own change-process compliance goal (a share, e.g. 0.95), overriding the installation's; null keeps it.</summary>
    public decimal? ComplianceGoal { get; private set; }

    /// <summary>Sets or clears the team's goal; a share between one half and one, or why not.</summary>
    public string? SetComplianceGoal(decimal? goal)
    {
        if (goal is { } g && (g < 0.5m || g > 1m))
        {
            return "Set the compliance goal between 50 % and 100 %, or leave it empty for the installation's goal.";
        }

        ComplianceGoal = goal;
        return null;
    }

    public void Rename(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
    }

    /// <summary>Makes the member list exactly these people.</summary>
    public void SetMembers(IEnumerable<string> userIds)
    {
        var wanted = userIds.Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        members.RemoveAll(m => !wanted.Contains(m.UserId));
        foreach (var id in wanted.Where(id => members.All(m => m.UserId != id)))
        {
            members.Add(new TeamMember(id));
        }
    }
}

public sealed class TeamMember
{
    private TeamMember()
    {
    }

    public TeamMember(string userId) => UserId = userId;

    public long TeamId { get; private set; }

    public string UserId { get; private set; } = "";
}
