using Incidents.Web.Features.Setup.Bootstrap;
using Incidents.Web.Features.Setup.Complete;

namespace Incidents.Web.Features.Setup;

internal static class SetupFeature
{
    public static WebApplicationBuilder AddSetupFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CompleteSetup>();
        builder.Services.Configure<BootstrapOptions>(builder.Configuration.GetSection(BootstrapOptions.Section));
        // Registered after the database initializer, so migrations are applied first.
        builder.Services.AddHostedService<BootstrapAdmin>();
        return builder;
    }
}
