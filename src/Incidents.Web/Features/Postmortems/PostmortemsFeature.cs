using Hangfire;
using Incidents.Web.Features.Postmortems.Edit;
using Incidents.Web.Features.Postmortems.Export;
using Incidents.Web.Features.Postmortems.List;
using Incidents.Web.Features.Postmortems.Meeting;
using Incidents.Web.Features.Postmortems.Open;
using Incidents.Web.Features.Postmortems.Reminders;

namespace Incidents.Web.Features.Postmortems;

internal static class PostmortemsFeature
{
    public static WebApplicationBuilder AddPostmortemsFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<PostmortemOptions>(builder.Configuration.GetSection(PostmortemOptions.Section));
        services.AddSingleton<OpenPostmortems>();
        services.AddHostedService<PostmortemTrigger>();
        services.AddSingleton<ShowPostmortem>();
        services.AddSingleton<EditPostmortem>();
        services.AddSingleton<ListPostmortems>();
        services.AddSingleton<ScheduleReview>();
        services.AddSingleton<InvitationSignal>();
        services.AddSingleton<SendInvitations>();
        services.AddHostedService(sp => sp.GetRequiredService<SendInvitations>());
        services.AddSingleton<RemindAboutPostmortems>();
        return builder;
    }

    public static WebApplication MapPostmortemsFeature(this WebApplication app)
    {
        app.MapPostmortemExport();
        if (app.Services.GetService<IRecurringJobManager>() is { } jobs)
        {
            jobs.AddOrUpdate<OpenPostmortems>(OpenPostmortems.JobId, job => job.ScanAsync(CancellationToken.None), Cron.Minutely());
            jobs.AddOrUpdate<RemindAboutPostmortems>(RemindAboutPostmortems.JobId, job => job.HandleAsync(CancellationToken.None), Cron.Minutely());
        }

        return app;
    }
}
