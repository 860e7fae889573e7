using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;

namespace Incidents.Web.Features.Account.SingleSignOn;

/// <summary>The OpenID Connect handler as single sign-on uses it: code flow with PKCE, answers verified by the handler.</summary>
internal static class SingleSignOnSetup
{
    public static void Configure(OpenIdConnectOptions o, OidcOptions oidc)
    {
        // The exchange is with another party on the real clock (its tokens' lifetimes, our correlation cookies' expiry).
        o.TimeProvider = TimeProvider.System;
        o.Authority = oidc.Authority;
        o.ClientId = oidc.ClientId;
        o.ClientSecret = oidc.ClientSecret;
        o.ResponseType = "code";
        o.UsePkce = true;
        // The code comes back on a top-level GET, so the correlation and nonce cookies can be SameSite=Lax (and work
        // on plain HTTP in development, where SameSite=None cookies are refused).
        o.ResponseMode = "query";
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Scope.Clear();
        foreach (var scope in oidc.ScopesOrDefault)
        {
            o.Scope.Add(scope);
        }

        o.SignInScheme = IdentityConstants.ExternalScheme;
        o.CallbackPath = "/signin-oidc";
        o.RequireHttpsMetadata = oidc.Authority!.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        o.SaveTokens = false;
        o.TokenValidationParameters.NameClaimType = "name";
        if (oidc.ValidIssuers.Length > 0)
        {
            o.TokenValidationParameters.ValidIssuers = oidc.ValidIssuers;
        }

        o.Events.OnRemoteFailure = context =>
        {
            // Bad signature, wrong audience, expired token, replayed nonce or state: one clear page, never a 500.
            context.Response.Redirect(SingleSignOnEndpoints.RefusedPath(SsoRefusal.NotVerified));
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }
}
