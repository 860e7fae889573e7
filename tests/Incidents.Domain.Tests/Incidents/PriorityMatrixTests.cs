using Incidents.Domain.Incidents;

namespace Incidents.Domain.Tests.Incidents;

public sealed class PriorityMatrixTests
{
    [Theory]
    [InlineData(Impact.High, Urgency.High, Severity.Sev1)]
    [InlineData(Impact.High, Urgency.Medium, Severity.Sev2)]
    [InlineData(Impact.High, Urgency.Low, Severity.Sev3)]
    [InlineData(Impact.Medium, Urgency.High, Severity.Sev2)]
    [InlineData(Impact.Medium, Urgency.Medium, Severity.Sev3)]
    [InlineData(Impact.Medium, Urgency.Low, Severity.Sev4)]
    [InlineData(Impact.Low, Urgency.High, Severity.Sev3)]
    [InlineData(Impact.Low, Urgency.Medium, Severity.Sev4)]
    [InlineData(Impact.Low, Urgency.Low, Severity.Sev4)]
    public void Default_EveryCell_ItilPriority(Impact impact, Urgency urgency, Severity expected)
    {
        Assert.Equal(expected, PriorityMatrix.Default.For(impact, urgency));
    }

    [Fact]
    public void From_MissingCell_Throws()
    {
        var cells = new Dictionary<(Impact, Urgency), Severity> { [(Impact.High, Urgency.High)] = Severity.Sev1 };

        var error = Assert.Throws<ArgumentException>(() => PriorityMatrix.From(cells));
        Assert.Contains("Medium×Low", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_FullConfiguration_Used()
    {
        var cells = Enum.GetValues<Impact>().SelectMany(i => Enum.GetValues<Urgency>().Select(u => (i, u)))
            .ToDictionary(c => c, _ => Severity.Sev2);

        Assert.Equal(Severity.Sev2, PriorityMatrix.From(cells).For(Impact.Low, Urgency.Low));
    }

    [Theory]
    [InlineData("SEV1", Severity.Sev1)]
    [InlineData("sev3", Severity.Sev3)]
    [InlineData("4", Severity.Sev4)]
    public void SeverityTryParse_Forms(string text, Severity expected)
    {
        Assert.True(SeverityNames.TryParse(text, out var severity));
        Assert.Equal(expected, severity);
    }

    [Theory]
    [InlineData("SEV5")]
    [InlineData("0")]
    [InlineData("")]
    public void SeverityTryParse_OutOfRange_False(string text)
    {
        Assert.False(SeverityNames.TryParse(text, out _));
    }
}
