using Incidents.Web.Data;

namespace Incidents.Web.Features.Catalog;

/// <summary>The people of the team that owns a service: who may approve its changes, and who hears of what happens to it.</summary>
internal static class ServiceOwners
{
    /// <summary>The user ids of the members of the team that owns <paramref name="serviceId"/>, as a query to compose.</summary>
    public static IQueryable<string> Of(IncidentsDbContext db, long serviceId) =>
        db.Services.Where(s => s.Id == serviceId)
            .Join(db.Teams.SelectMany(t => t.Members, (t, m) => new { t.Id, m.UserId }), s => s.TeamId, m => m.Id, (s, m) => m.UserId);
}
