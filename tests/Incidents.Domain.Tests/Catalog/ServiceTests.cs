using Incidents.Domain.Catalog;
using Incidents.Domain.Incidents;

namespace Incidents.Domain.Tests.Catalog;

public sealed class ServiceTests
{
    [Theory]
    [InlineData("", "api", 99.9, null, "Enter the service's name.")]
    [InlineData("API", "Bad Slug", 99.9, null, "The slug takes lower-case letters, digits and hyphens (e.g. checkout-api).")]
    [InlineData("API", "api", 0, null, "The availability target is a percentage above 0 and at most 100.")]
    [InlineData("API", "api", 100.5, null, "The availability target is a percentage above 0 and at most 100.")]
    [InlineData("API", "api", 99.9, "ftp://runbook", "The runbook link must be an http(s) URL.")]
    public void Validate_BadField_NamesIt(string name, string slug, double target, string? runbook, string expected)
    {
        Assert.Equal(expected, Service.Validate(name, slug, (decimal)target, runbook, SlaTarget.Defaults));
    }

    [Fact]
    public void Validate_Good_Null()
    {
        Assert.Null(Service.Validate("Checkout", "checkout-api-2", 99.95m, "https://wiki/runbook", SlaTarget.Defaults));
    }

    [Fact]
    public void Validate_AckSlowerThanResolve_Refused()
    {
        var targets = new[] { new SlaTarget(Severity.Sev1, TimeSpan.FromHours(5), TimeSpan.FromHours(4)) };

        Assert.Equal("SEV1: acknowledging cannot take longer than resolving.", Service.Validate("A", "a", 99m, null, targets));
    }

    [Fact]
    public void SlaFor_MissingSeverity_FallsBackToDefault()
    {
        var service = new Service("A", "a", 1, ServiceTier.Tier2, 99.9m);
        service.SetSlaTargets([new SlaTarget(Severity.Sev1, TimeSpan.FromMinutes(2), TimeSpan.FromHours(1))]);

        Assert.Equal(TimeSpan.FromMinutes(2), service.SlaFor(Severity.Sev1).AcknowledgeWithin);
        Assert.Equal(SlaTarget.Defaults[3], service.SlaFor(Severity.Sev4));
    }

    [Fact]
    public void TeamSetMembers_ExactlyThosePeople()
    {
        var team = new Team("Payments");
        team.SetMembers(["a", "b", "b"]);
        team.SetMembers(["b", "c"]);

        Assert.Equal(["b", "c"], team.Members.Select(m => m.UserId).Order());
    }
}
