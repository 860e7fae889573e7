using Incidents.Domain.Catalog;
using Incidents.Domain.Incidents;

namespace Incidents.Domain.Tests.Incidents;

internal static class IncidentFactory
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly Actor Ana = new("ana", "Ana");

    public static Service Checkout { get; } = new("Checkout API", "checkout-api", 1, ServiceTier.Tier1, 99.95m);

    public static Incident Open(Impact impact = Impact.High, Urgency urgency = Urgency.Medium)
    {
        var (outcome, incident) = Incident.Open("Checkout fails", "500s on /pay", Checkout, impact, urgency, PriorityMatrix.Default, Ana, T0);
        Assert.True(outcome.Succeeded);
        return incident!;
    }

    /// <summary>An incident brought to <paramref name="status"/> through legal transitions.</summary>
    public static Incident InStatus(IncidentStatus status)
    {
        var incident = Open();
        var at = T0;
        switch (status)
        {
            case IncidentStatus.Triggered:
                break;
            case IncidentStatus.Acknowledged:
                Assert.True(incident.Acknowledge(Ana, at = at.AddMinutes(1)).Succeeded);
                break;
            case IncidentStatus.Mitigated:
                Assert.True(incident.Acknowledge(Ana, at = at.AddMinutes(1)).Succeeded);
                Assert.True(incident.Mitigate(Ana, at.AddMinutes(1)).Succeeded);
                break;
            case IncidentStatus.Resolved:
                Assert.True(incident.Resolve(Ana, at.AddMinutes(2), "Rolled back").Succeeded);
                break;
            case IncidentStatus.Closed:
                Assert.True(incident.Resolve(Ana, at.AddMinutes(2), "Rolled back").Succeeded);
                Assert.True(incident.Close(Ana, at.AddMinutes(3)).Succeeded);
                break;
        }

        Assert.Equal(status, incident.Status);
        return incident;
    }
}
