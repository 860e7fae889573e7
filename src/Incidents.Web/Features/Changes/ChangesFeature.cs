using Hangfire;
using Incidents.Web.Features.Changes.Api;
using Incidents.Web.Features.Changes.Compliance;
using Incidents.Web.Features.Changes.Deployments;
using Incidents.Web.Features.Changes.Fingerprints;
using Incidents.Web.Features.Changes.List;
using Incidents.Web.Features.Changes.Manage;
using Incidents.Web.Features.Changes.Show;
using Incidents.Web.Features.Changes.Suspects;

namespace Incidents.Web.Features.Changes;

/// <summary>Production changes: recorded, approved (four eyes), deployed by pipelines, caught by fingerprints, measured.</summary>
internal static class ChangesFeature
{
    public static WebApplicationBuilder AddChangesFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<ChangeOptions>(builder.Configuration.GetSection(ChangeOptions.Section));
        services.AddSingleton<ManageChanges>();
        services.AddSingleton<ListChanges>();
        services.AddSingleton<ShowChange>();
        services.AddSingleton<RecordDeployment>();
        services.AddSingleton<ReportFingerprint>();
        services.AddSingleton<DetectDrift>();
        services.AddSingleton<SuspectChanges>();
        services.AddSingleton<MeasureCompliance>();
        services.AddSingleton<Procedures.ManageProcedures>();
        services.AddSingleton<Approvals.NudgeApprovals>();
        services.AddSingleton<Approvals.RequestApprovals>();
        services.AddSingleton<Windows.ManageWindows>();
        services.AddSingleton<Windows.PostReadiness>();
        services.AddSingleton<SnapshotCompliance>();
        services.AddSingleton<MeasureDora>();
        return builder;
    }

    public static WebApplication MapChangesFeature(this WebApplication app)
    {
        app.MapChangesApi();
        app.MapDeploymentWebhooks();
        Windows.ReadinessReport.MapReadinessReport(app);
        if (app.Services.GetService<IRecurringJobManager>() is { } jobs)
        {
            jobs.AddOrUpdate<DetectDrift>(DetectDrift.JobId, job => job.HandleAsync(CancellationToken.None), "*/5 * * * *");
            jobs.AddOrUpdate<Windows.PostReadiness>(Windows.PostReadiness.JobId, job => job.HandleAsync(CancellationToken.None), "*/5 * * * *");
            jobs.AddOrUpdate<SnapshotCompliance>(SnapshotCompliance.JobId, job => job.HandleAsync(CancellationToken.None), "10 0 * * *");
            jobs.AddOrUpdate<Approvals.RequestApprovals>(Approvals.RequestApprovals.JobId, job => job.HandleAsync(CancellationToken.None), Cron.Minutely());
            jobs.AddOrUpdate<Approvals.NudgeApprovals>(Approvals.NudgeApprovals.JobId, job => job.HandleAsync(CancellationToken.None), Cron.Hourly());
        }

        return app;
    }
}
