using Incidents.Web.Components;
using Incidents.Web.Components.Widgets;
using MudBlazor.Services;

namespace Incidents.Web.Infrastructure;

internal static partial class PortalSetup
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Snackbars sit at the bottom, below nothing: at most two at once, the same words never twice, the newest first.
        builder.Services.AddMudServices(config =>
        {
            config.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            config.SnackbarConfiguration.MaxDisplayedSnackbars = 2;
            config.SnackbarConfiguration.PreventDuplicates = true;
            config.SnackbarConfiguration.NewestOnTop = true;
            config.SnackbarConfiguration.VisibleStateDuration = 5_000;
        });
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
        // Links sent out need the portal's address: the configured one, else (said once, as a warning) where the app listens.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var portal = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalOptions>>().Value;
            if (!string.IsNullOrWhiteSpace(portal.BaseUrl))
            {
                return;
            }

            var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
            portal.ListeningOn = PortalOptions.Reachable(addresses, System.Net.Dns.GetHostName());
            LogNoBaseUrl(app.Logger, portal.Root);
        });

        app.MapStaticAssets().AllowAnonymous();
        // Our Content-Security-Policy (SecurityHeaders) says frame-ancestors itself; Blazor's own second policy would only add noise.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal:BaseUrl is not set: links sent out (chat, email, invitations) point to {Address}, where this app listens. Set Portal:BaseUrl to the address people reach the portal by.")]
    private static partial void LogNoBaseUrl(ILogger logger, Uri address);
}
