using Incidents.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Account.SingleSignOn;

/// <summary>
/// <c>GET /account/sso</c> starts the redirect to the provider; the provider comes back to <c>/signin-oidc</c> (the
/// handler verifies everything) and then to <c>/account/sso/complete</c>, which signs the person in. Every refusal goes
/// to the sign-in page with its reason.
/// </summary>
internal static class SingleSignOnEndpoints
{
    public static void MapSingleSignOn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/account/sso", (string? returnUrl, IOptions<AuthOptions> options) =>
                options.Value.Oidc.Enabled
                    ? Results.Challenge(new AuthenticationProperties { RedirectUri = "/account/sso/complete?returnUrl=" + Uri.EscapeDataString(IdentityRedirectManager.LocalOrRoot(returnUrl)) }, [OidcOptions.Scheme])
                    : Results.LocalRedirect("~/account/login"))
            .AllowAnonymous();

        endpoints.MapGet("/account/sso/complete", async (HttpContext context, string? returnUrl, CompleteSingleSignOn complete) =>
            {
                var external = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
                await context.SignOutAsync(IdentityConstants.ExternalScheme);
                if (!external.Succeeded || external.Principal is null)
                {
                    return Refused(SsoRefusal.NotVerified);
                }

                return await complete.HandleAsync(external.Principal) is { } refusal
                    ? Refused(refusal)
                    : Results.LocalRedirect(IdentityRedirectManager.LocalOrRoot(returnUrl));
            })
            .AllowAnonymous();
    }

    public static IResult Refused(SsoRefusal refusal) => Results.LocalRedirect("~" + RefusedPath(refusal));

    /// <summary>Where a refusal lands: the sign-in page, which says why (<see cref="Explain"/>).</summary>
    public static string RefusedPath(SsoRefusal refusal) => "/account/login?sso=" + refusal.ToString().ToLowerInvariant();

    /// <summary>What the sign-in page says for the refusal named in its query.</summary>
    public static string Explain(string? code) =>
        !Enum.TryParse<SsoRefusal>(code, ignoreCase: true, out var refusal) || !Enum.IsDefined(refusal)
            ? "Single sign-on failed. Try again, or tell your Admin."
            : refusal switch
            {
                SsoRefusal.NotVerified => "Single sign-on failed: the provider's answer could not be verified. Try again; if it keeps failing, tell your Admin.",
                SsoRefusal.NoVerifiedEmail => "Single sign-on failed: your provider did not send a verified email address.",
                SsoRefusal.DomainNotAllowed => "Your email domain is not allowed to sign in here. Ask your Admin.",
                SsoRefusal.NotInvited => "You have no account here yet. Ask your Admin for an invitation.",
                SsoRefusal.Disabled => "Your account is disabled. Ask your Admin.",
            };
}
