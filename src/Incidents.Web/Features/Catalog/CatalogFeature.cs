using Incidents.Web.Features.Catalog.Services;
using Incidents.Web.Features.Catalog.Teams;

namespace Incidents.Web.Features.Catalog;

/// <summary>The service catalog: teams and the services they own.</summary>
internal static class CatalogFeature
{
    public static WebApplicationBuilder AddCatalogFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ManageTeams>();
        builder.Services.AddSingleton<ManageServices>();
        return builder;
    }
}
