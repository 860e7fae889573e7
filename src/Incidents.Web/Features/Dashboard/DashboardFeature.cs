using Incidents.Web.Features.Dashboard.GettingStarted;

namespace Incidents.Web.Features.Dashboard;

/// <summary>The dashboard: open incidents, on call now, possible problems, and the first-run checklist.</summary>
internal static class DashboardFeature
{
    public static WebApplicationBuilder AddDashboardFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ShowGettingStarted>();
        return builder;
    }
}
