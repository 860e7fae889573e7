using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.List;

namespace Incidents.Web.Tests.Features.IncidentManagement;

public sealed class IncidentQueryTests
{
    [Fact]
    public void ToQueryString_DefaultView_Empty()
    {
        Assert.Equal("", new IncidentQuery().ToQueryString());
    }

    [Fact]
    public void RoundTrip_EveryFilter_SameView()
    {
        var query = new IncidentQuery
        {
            Status = StatusFilter.Acknowledged,
            Severity = Severity.Sev2,
            Service = "checkout-api",
            TeamId = 7,
            Mine = true,
            Search = "db down",
            Sort = IncidentSort.Severity,
            Page = 3,
            PageSize = 50,
            From = new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero),
            Until = new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero),
        };

        var text = query.ToQueryString();

        Assert.Equal(query, IncidentQuery.Parse(text));
        Assert.Contains("severity=sev2", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?status=bogus&severity=sev9&page=-1&size=5000&team=x")]
    [InlineData("?page=0")]
    [InlineData("?from=yesterday&until=1900-01-01")]
    public void Parse_Garbage_FallsBackToDefaults(string text)
    {
        Assert.Equal(new IncidentQuery(), IncidentQuery.Parse(text));
    }
}
