using Incidents.Domain.Changes;

namespace Incidents.Domain.Tests.Changes;

public sealed class DoraTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private static DoraChange Deploy(long id, double hours, ChangeStatus status = ChangeStatus.Completed, double? committedHoursBefore = null, bool caused = false, double? resolvedHoursAfter = null, long service = 1) =>
        new(id, service, status, From.AddHours(hours), committedHoursBefore is { } c ? From.AddHours(hours - c) : null,
            resolvedHoursAfter is { } r ? From.AddHours(hours + r) : null, caused);

    [Fact]
    public void FourFigures_OverTwoWeeks()
    {
        var changes = new[]
        {
            Deploy(1, 10, committedHoursBefore: 2),
            Deploy(2, 30, ChangeStatus.Failed),
            Deploy(3, 31, committedHoursBefore: 6), // recovers from 2 after 1 hour
            Deploy(4, 100, caused: true, resolvedHoursAfter: 3, committedHoursBefore: 10),
            Deploy(5, 200, ChangeStatus.RolledBack, service: 2), // never recovered yet
            Deploy(6, 400), // outside the period
        };

        var figures = Dora.Of(changes, From, From.AddDays(14));

        Assert.Equal(5, figures.Deployments);
        Assert.Equal(2.5, figures.DeploymentsPerWeek);
        Assert.Equal(TimeSpan.FromHours(6), figures.LeadTime); // median of 2, 6, 10
        Assert.Equal(0.6m, figures.ChangeFailureRate); // 2, 4 and 5 of five
        Assert.Equal(TimeSpan.FromHours(2), figures.RecoveryTime); // median of 1 and 3; 5 has not recovered
    }

    [Fact]
    public void NothingDeployed_NoRatesInvented()
    {
        var figures = Dora.Of([], From, From.AddDays(7));

        Assert.Equal((0, 0.0), (figures.Deployments, figures.DeploymentsPerWeek));
        Assert.Null(figures.LeadTime);
        Assert.Null(figures.ChangeFailureRate);
        Assert.Null(figures.RecoveryTime);
    }
}
