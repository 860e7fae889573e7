using Bunit;
using Incidents.Domain.Incidents;
using Incidents.Web.Components.Widgets;
using Incidents.Web.Features.IncidentManagement.Show;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Web.Tests.Components;

public sealed class IncidentHeaderTests : ComponentTestContext
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(T0);

    public IncidentHeaderTests()
    {
        Bunit.Services.AddScoped<ViewerTimeZone>();
        Bunit.Services.AddSingleton<TimeProvider>(clock);
    }

    private static IncidentDetails Details(IncidentStatus status, DateTimeOffset? acknowledgedAt = null, DateTimeOffset? breachedAt = null) => new(
        42, "Checkout fails", "", null, Severity.Sev1, Impact.High, Urgency.High, null, status, 1, "Checkout API", "checkout-api", "Payments",
        "https://runbooks.example/checkout", null, [], "Ana", "CUST-9", ["db"], T0, acknowledgedAt, null, null, null,
        T0.AddMinutes(5), T0.AddHours(4), breachedAt, null, null, null, null, null, 3, [], []);

    [Fact]
    public void Header_Triggered_NumberTitleChipsAndCountdown()
    {
        clock.SetUtcNow(T0.AddMinutes(2));
        var header = Bunit.Render<IncidentHeader>(p => p.Add(h => h.Incident, Details(IncidentStatus.Triggered)));

        Assert.Equal("INC-42", header.Find("[data-testid=incident-number]").TextContent);
        Assert.Contains("Checkout fails", header.Find("[data-testid=incident-title]").TextContent, StringComparison.Ordinal);
        Assert.Equal("SEV1", header.Find("[data-testid=severity-chip]").TextContent.Trim());
        Assert.Contains("Triggered", header.Find("[data-testid=status-chip]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Acknowledge: 3m 00s left", header.Find("[data-testid=sla-acknowledge]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Resolve: 3h 58m left", header.Find("[data-testid=sla-resolve]").TextContent, StringComparison.Ordinal);
        Assert.Contains("CUST-9", header.Markup, StringComparison.Ordinal);

        // The countdown ticks by itself.
        clock.Advance(TimeSpan.FromSeconds(1));
        header.WaitForAssertion(() =>
            Assert.Contains("Acknowledge: 2m 59s left", header.Find("[data-testid=sla-acknowledge]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Header_AcknowledgedLate_SaysMissedBy()
    {
        clock.SetUtcNow(T0.AddMinutes(8));
        var header = Bunit.Render<IncidentHeader>(p => p.Add(h => h.Incident, Details(IncidentStatus.Acknowledged, T0.AddMinutes(7), T0.AddMinutes(5))));

        Assert.Contains("Acknowledge: missed by 2m 00s", header.Find("[data-testid=sla-acknowledge]").TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-chip-color-error", header.Find("[data-testid=sla-acknowledge]").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_PastDeadlineUnacknowledged_SaysBreached()
    {
        clock.SetUtcNow(T0.AddMinutes(16));
        var header = Bunit.Render<IncidentHeader>(p => p.Add(h => h.Incident, Details(IncidentStatus.Triggered)));

        Assert.Contains("Acknowledge: breached 11m 00s ago", header.Find("[data-testid=sla-acknowledge]").TextContent, StringComparison.Ordinal);
    }
}
