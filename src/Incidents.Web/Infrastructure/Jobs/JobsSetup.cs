using Hangfire;
using Hangfire.Dashboard;
using Incidents.Domain.Access;
using Incidents.Web.Data;

namespace Incidents.Web.Infrastructure.Jobs;

/// <summary>
/// Hangfire runs scheduled work. It is a driver only: durable business state (pending escalations, reminders)
/// lives in our own tables, so the in-memory storage used with SQLite loses nothing that matters on restart.
/// </summary>
internal static class JobsSetup
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var provider = builder.Configuration.GetValue(DatabaseOptions.Section + ":" + nameof(DatabaseOptions.Provider), DatabaseProvider.Sqlite);
        var sqlServer = builder.Configuration.GetConnectionString("SqlServer");

        builder.Services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            switch (provider)
            {
                case DatabaseProvider.Sqlite:
                    config.UseInMemoryStorage();
                    break;
                case DatabaseProvider.SqlServer:
                    config.UseSqlServerStorage(sqlServer);
                    break;
            }
        });

        if (builder.Configuration.GetValue("Jobs:RunServer", true))
        {
            builder.Services.AddHangfireServer(options =>
            {
                options.ServerName = $"incidents-{Environment.MachineName}";
                options.WorkerCount = Math.Max(2, Environment.ProcessorCount);
            });
        }

        return builder;
    }

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        // The endpoint policy decides; Hangfire's own filters would otherwise allow only local requests.
        app.MapHangfireDashboardWithAuthorizationPolicy(nameof(Permission.ManageJobs), "/hangfire", new DashboardOptions
        {
            Authorization = Array.Empty<IDashboardAuthorizationFilter>(),
            AsyncAuthorization = Array.Empty<IDashboardAsyncAuthorizationFilter>(),
            DashboardTitle = "Incidents · background jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false,
        });
        return app;
    }
}
