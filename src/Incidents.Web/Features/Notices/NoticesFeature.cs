using Hangfire;

namespace Incidents.Web.Features.Notices;

/// <summary>Known-error notices: written as rows with the change that calls for them, sent by a minutely job.</summary>
internal static class NoticesFeature
{
    public static WebApplicationBuilder AddNoticesFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SendNotices>();
        return builder;
    }

    public static WebApplication MapNoticesFeature(this WebApplication app)
    {
        if (app.Services.GetService<IRecurringJobManager>() is { } jobs)
        {
            jobs.AddOrUpdate<SendNotices>(SendNotices.JobId, job => job.HandleAsync(CancellationToken.None), Cron.Minutely());
        }

        return app;
    }
}
