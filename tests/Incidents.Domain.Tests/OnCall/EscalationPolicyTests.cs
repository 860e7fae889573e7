using Incidents.Domain.OnCall;

namespace Incidents.Domain.Tests.OnCall;

public sealed class EscalationPolicyTests
{
    private static EscalationPolicy Policy(int levels, int repeats)
    {
        var policy = new EscalationPolicy("Checkout", null) { Repeats = repeats };
        policy.ReplaceLevels(Enumerable.Range(0, levels).Select(i => (300, (IReadOnlyList<EscalationTarget>)[new EscalationTarget(EscalationTargetKind.Person, $"p{i}")])));
        return policy;
    }

    [Fact]
    public void After_TwoLevelsRepeatedTwice_WalksEveryStepThenStops()
    {
        var policy = Policy(2, 2);
        var steps = new List<EscalationPosition>();
        for (EscalationPosition? at = new EscalationPosition(0, 0); at is { } step; at = policy.After(step))
        {
            steps.Add(step);
        }

        Assert.Equal([new(0, 0), new(1, 0), new(0, 1), new(1, 1), new(0, 2), new(1, 2)], steps);
    }

    [Fact]
    public void After_OneLevelNoRepeat_Exhausted()
    {
        Assert.Null(Policy(1, 0).After(new EscalationPosition(0, 0)));
    }

    [Theory]
    [InlineData("", 0, 1, 300, "Give the policy a name.")]
    [InlineData("P", 10, 1, 300, "Repeat between 0 and 9 times.")]
    [InlineData("P", 0, 0, 300, "Add at least one level.")]
    [InlineData("P", 0, 1, 2, "Level 1: the timeout must be between 5 seconds and 24 hours.")]
    public void Validate_Invalid_SaysWhy(string name, int repeats, int levels, int timeout, string error)
    {
        var input = Enumerable.Range(0, levels)
            .Select(_ => (timeout, (IReadOnlyList<EscalationTarget>)[new EscalationTarget(EscalationTargetKind.Person, "p")]))
            .ToList();

        Assert.Equal(error, EscalationPolicy.Validate(name, repeats, input));
    }

    [Fact]
    public void Validate_LevelWithoutTargets_NamesTheLevel()
    {
        Assert.Equal("Level 2 needs at least one person or schedule.", EscalationPolicy.Validate("P", 0,
            [(300, [new EscalationTarget(EscalationTargetKind.Schedule, "1")]), (300, [])]));
    }
}
