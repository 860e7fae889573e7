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
        // SecurityHeaders sends X-Frame-Options: DENY; the antiforgery cookie is Secure whenever the request is HTTPS.
        builder.Services.AddAntiforgery(o =>
        {
            o.SuppressXFrameOptionsHeader = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
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
        app.UseTrustedProxies();
        app.UseSecurityHeaders();
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
        // Our Content-Security-Policy (SecurityHeaders) says frame-ancestors itself; Blazor's own second policy would only add noise.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
