using System.Text.Json.Serialization;

namespace Incidents.Web.Infrastructure;

internal static class ApiSetup
{
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        // Enums by name only: "impact": 5 would otherwise bind to a value outside the enum.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));
        builder.Services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Incidents API";
            document.Info.Description = "Send a personal API key (Profile → API keys) as 'Authorization: Bearer inc_…'.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>The OpenAPI document at /openapi/v1.json, readable without a key so tools can discover the API.</summary>
    public static WebApplication MapApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
