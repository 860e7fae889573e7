using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>
/// What the incident use-case tests share: the app on real SQLite with a fake clock, a service, and Responders acting
/// (Ana, Ben and four more).
/// </summary>
public abstract class IncidentUseCaseTests : IDisposable
{
    protected TestApp App { get; } = new();

    protected Actor Ana { get; } = new("ana-id", "Ana");

    protected long ServiceId { get; set; }

    public void Dispose()
    {
        App.Dispose();
        GC.SuppressFinalize(this);
    }

    protected T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    protected async Task<long> OpenAsync(string title = "Checkout fails", Impact impact = Impact.High, Urgency urgency = Urgency.Medium, Actor? by = null)
    {
        if (ServiceId == 0)
        {
            ServiceId = await App.CreateServiceAsync();
            // The people acting in these tests are Responders: they may act on every incident.
            foreach (var person in new[] { Ana, new Actor("ben-id", "Ben") }.Concat(Enumerable.Range(0, 4).Select(i => new Actor($"p{i}", $"Person {i}"))))
            {
                await App.CreatePersonAsync(person, Role.Responder);
            }
        }

        var (outcome, id) = await Get<LogIncident>().HandleAsync(new NewIncident(title, "500s on **/pay**", ServiceId, impact, urgency, "CUST-9", ["db"]), by ?? Ana);
        Assert.True(outcome.Succeeded, outcome.Error);
        return id!.Value;
    }
}
