namespace Incidents.Web.Features.Demo;

/// <summary>Demo data: <c>seed-demo</c> on the command line fills an empty database and exits.</summary>
internal static class DemoFeature
{
    public static WebApplicationBuilder AddDemoFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DemoData>();
        builder.Services.AddSingleton<DemoProblems>();
        return builder;
    }
}
