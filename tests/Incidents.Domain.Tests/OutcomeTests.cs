namespace Incidents.Domain.Tests;

public sealed class OutcomeTests
{
    [Fact]
    public void Success_Succeeded_NoError()
    {
        Assert.True(Outcome.Success.Succeeded);
        Assert.Null(Outcome.Success.Error);
    }

    [Theory]
    [InlineData(OutcomeKind.Invalid)]
    [InlineData(OutcomeKind.NotFound)]
    [InlineData(OutcomeKind.Forbidden)]
    [InlineData(OutcomeKind.Conflict)]
    public void Failure_CarriesKindAndReason(OutcomeKind kind)
    {
        var outcome = kind switch
        {
            OutcomeKind.Invalid => Outcome.Invalid("why"),
            OutcomeKind.NotFound => Outcome.NotFound("why"),
            OutcomeKind.Forbidden => Outcome.Forbidden("why"),
            OutcomeKind.Conflict => Outcome.Conflict("why"),
            OutcomeKind.Succeeded => Outcome.Success,
        };

        Assert.False(outcome.Succeeded);
        Assert.Equal(kind, outcome.Kind);
        Assert.Equal("why", outcome.Error);
    }
}
