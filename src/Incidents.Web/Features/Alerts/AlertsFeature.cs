using Incidents.Web.Features.Alerts.Ingest;
using Incidents.Web.Features.Alerts.Integrations;
using Incidents.Web.Features.Alerts.List;

namespace Incidents.Web.Features.Alerts;

internal static class AlertsFeature
{
    public static WebApplicationBuilder AddAlertsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AlertOptions>(builder.Configuration.GetSection(AlertOptions.Section));
        builder.Services.AddSingleton<AlertRateLimiter>();
        builder.Services.AddSingleton<IntegrationKeys>();
        builder.Services.AddSingleton<IngestAlerts>();
        builder.Services.AddSingleton<AlertWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertWriter>());
        builder.Services.AddSingleton<AlertIntake>();
        builder.Services.AddSingleton<ManageIntegrations>();
        builder.Services.AddSingleton<ListAlerts>();
        return builder;
    }

    public static WebApplication MapAlertsFeature(this WebApplication app)
    {
        app.MapAlertEndpoints();
        return app;
    }
}
