using Incidents.Web.Data;

namespace Incidents.Web.Features.Catalog;

/// <summary>The people of the team that owns a service: who may approve its changes, and who hears of what happens to it.</summary>
internal static class ServiceOwners
{
    /// <summary>The user ids of the members of the team that owns <paramref name="serviceId"/>, as a query to compose.</summary>
    public static IQueryable<string> Of(IncidentsDbContext db, long serviceId) =>
        OfEach(db.Services.Where(s => s.Id == serviceId), db).Select(o => o.UserId);

    /// <summary>Each of <paramref name="services"/> with the user ids of its owning team's members, as a query to compose.</summary>
    public static IQueryable<ServiceOwner> OfEach(IQueryable<Domain.Catalog.Service> services, IncidentsDbContext db) =>
        services.Join(db.Teams.SelectMany(t => t.Members, (t, m) => new { t.Id, m.UserId }), s => s.TeamId, m => m.Id,
            (s, m) => new ServiceOwner { ServiceId = s.Id, UserId = m.UserId });
}

/// <summary>A member of the team that owns a service.</summary>
internal sealed class ServiceOwner
{
    public long ServiceId { get; init; }

    public string UserId { get; init; } = "";
}
