using Hangfire;
using Incidents.Web.Features.IncidentManagement.AddNote;
using Incidents.Web.Features.IncidentManagement.Api;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.List;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.IncidentManagement.PostUpdate;
using Incidents.Web.Features.IncidentManagement.Relate;
using Incidents.Web.Features.IncidentManagement.Respond;
using Incidents.Web.Features.IncidentManagement.Show;
using Incidents.Web.Features.IncidentManagement.Sla;
using Incidents.Web.Infrastructure;

namespace Incidents.Web.Features.IncidentManagement;

internal static class IncidentManagementFeature
{
    public static WebApplicationBuilder AddIncidentManagementFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<IncidentOptions>(builder.Configuration.GetSection(IncidentOptions.Section));
        services.AddSingleton<IIncidentNotifier, InProcessIncidentNotifier>();
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<IncidentCommands>();
        services.AddSingleton<LogIncident>();
        services.AddSingleton<ListIncidents>();
        services.AddSingleton<IncidentListFeed>();
        services.AddSingleton<ShowIncident>();
        services.AddSingleton<ChangeIncidentStatus>();
        services.AddSingleton<AddIncidentNote>();
        services.AddSingleton<IncidentStandings>();
        services.AddSingleton<PostStatusUpdate>();
        services.AddSingleton<Triage.TriageIncident>();
        services.AddSingleton<ChangeResponders>();
        services.AddSingleton<RelateIncidents>();
        services.AddSingleton<DetectSlaBreaches>();
        return builder;
    }

    public static WebApplication MapIncidentManagementFeature(this WebApplication app)
    {
        app.MapIncidentsApi();
        if (app.Services.GetService<IRecurringJobManager>() is { } jobs)
        {
            jobs.AddOrUpdate<DetectSlaBreaches>(DetectSlaBreaches.JobId, job => job.HandleAsync(CancellationToken.None), Cron.Minutely());
        }

        return app;
    }
}
