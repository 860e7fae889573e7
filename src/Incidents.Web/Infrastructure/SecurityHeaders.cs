using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.HttpOverrides;

namespace Incidents.Web.Infrastructure;

/// <summary>
/// Headers every response carries, and the client's real address and scheme behind a TLS-terminating proxy.
/// The Content-Security-Policy allows scripts only from the app itself and the one inline script Blazor renders (the
/// import map), by a nonce made per response; styles may be inline because MudBlazor sets them on elements.
/// </summary>
internal static class SecurityHeaders
{
    public const string NonceItem = "csp-nonce";

    public static string Policy(string nonce) =>
        "default-src 'self'; "
        + $"script-src 'self' 'nonce-{nonce}'; "
        + "style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The nonce of this response's inline scripts.</summary>
    public static string? Nonce(this HttpContext context) => context.Items[NonceItem] as string;

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // Hex: inside the base64 alphabet CSP asks for, and nothing in it that HTML would encode.
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceItem] = nonce;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = Policy(nonce);
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, believed only from <c>Portal:TrustedProxies</c> (addresses or
    /// CIDR ranges); nothing is trusted when none is set, not even loopback.
    /// </summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var trusted = app.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()?.TrustedProxies ?? [];
        if (trusted.Length == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = null };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in trusted.Select(t => t.Trim()).Where(t => t.Length > 0))
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            }
            else
            {
                options.KnownProxies.Add(IPAddress.Parse(entry));
            }
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
