using Hangfire;
using Incidents.Web.Features.Problems.Analyze;
using Incidents.Web.Features.Problems.Backlog;
using Incidents.Web.Features.Problems.Candidates;
using Incidents.Web.Features.Problems.Countermeasures;
using Incidents.Web.Features.Problems.Link;
using Incidents.Web.Features.Problems.List;
using Incidents.Web.Features.Problems.OnIncident;
using Incidents.Web.Features.Problems.Show;
using Incidents.Web.Features.Problems.Watch;

namespace Incidents.Web.Features.Problems;

internal static class ProblemsFeature
{
    public static WebApplicationBuilder AddProblemsFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<ProblemOptions>(builder.Configuration.GetSection(ProblemOptions.Section));
        services.AddSingleton<LinkProblem>();
        services.AddSingleton<ListProblems>();
        services.AddSingleton<ShowProblem>();
        services.AddSingleton<AnalyzeProblem>();
        services.AddSingleton<FindCandidateProblems>();
        services.AddSingleton<IncidentProblems>();
        services.AddSingleton<ManageCountermeasures>();
        services.AddSingleton<WatchProblems>();
        services.AddSingleton<ManageBacklogConnections>();
        services.AddSingleton<PushToBacklog>();
        services.AddSingleton<ReconcileBacklog>();
        services.AddSingleton<BacklogWebhooks.Handler>();
        services.AddHttpClient(BacklogHttp.ClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<IBacklogClient, GitHubBacklog>();
        services.AddSingleton<IBacklogClient, AzureDevOpsBacklog>();
        return builder;
    }

    public static WebApplication MapProblemsFeature(this WebApplication app)
    {
        app.MapBacklogWebhooks();
        if (app.Services.GetService<IRecurringJobManager>() is { } jobs)
        {
            jobs.AddOrUpdate<WatchProblems>(WatchProblems.JobId, job => job.HandleAsync(CancellationToken.None), Cron.Minutely());
            jobs.AddOrUpdate<ReconcileBacklog>(ReconcileBacklog.JobId, job => job.HandleAsync(CancellationToken.None), "*/15 * * * *");
        }

        return app;
    }
}
