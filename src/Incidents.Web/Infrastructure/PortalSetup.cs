using Incidents.Web.Components;
using Incidents.Web.Components.Widgets;
using MudBlazor.Services;

namespace Incidents.Web.Infrastructure;

internal static class PortalSetup
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<ViewerTimeZone>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // Body binding errors reach ApiExceptionHandler, which names the field (instead of an empty 400).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<PortalOptions>(builder.Configuration.GetSection(PortalOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        // ApiExceptionHandler answers API requests first (and logs them once, with the request id: the middleware
        // records nothing for what an IExceptionHandler handled); pages fall through to the friendly page.
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error",
                CreateScopeForErrors = true,
            });
            app.UseHsts();
        }
        else
        {
            // The developer page for pages; the API keeps its ProblemDetails.
            app.UseWhen(context => Auth.AuthSetup.IsApiRequest(context.Request), api => api.UseExceptionHandler());
        }

        // Pages get a friendly page for 404s; the API and webhooks get ProblemDetails, never HTML.
        app.UseWhen(context => !Auth.AuthSetup.IsApiRequest(context.Request),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseWhen(context => Auth.AuthSetup.IsApiRequest(context.Request), api => api.UseStatusCodePages());
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
