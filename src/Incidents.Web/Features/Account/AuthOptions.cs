using Incidents.Domain.Access;

namespace Incidents.Web.Features.Account;

/// <summary>How people sign in: <c>Auth:*</c>.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Password sign-in; with single sign-on set up it can be turned off, except for <see cref="BreakGlassAdmins"/>.</summary>
    public bool LocalSignIn { get; set; } = true;

    /// <summary>Admins who may still sign in with their password when <see cref="LocalSignIn"/> is off (the provider may be down).</summary>
    public string[] BreakGlassAdmins { get; set; } = [];

    public OidcOptions Oidc { get; set; } = new();
}

/// <summary>Single sign-on with any OpenID Connect provider (authorization code flow with PKCE): <c>Auth:Oidc:*</c>.</summary>
internal sealed class OidcOptions
{
    public const string Scheme = "oidc";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Null: <c>openid profile email</c>.</summary>
    public string[]? Scopes { get; set; }

    /// <summary>The button's label, e.g. "Sign in with Microsoft".</summary>
    public string DisplayName { get; set; } = "Sign in with single sign-on";

    /// <summary>The claim whose values <see cref="RoleMap"/> maps to roles (e.g. <c>groups</c>); null: roles are managed in the portal.</summary>
    public string? RoleClaim { get; set; }

    /// <summary>Claim value → role (e.g. an Entra group id → Responder). A value that is a role's own name maps to it too.</summary>
    public Dictionary<string, Role> RoleMap { get; set; } = [];

    /// <summary>The role a person gets when the provider's claims map to none (null: none, so they see nothing until an Admin gives one).</summary>
    public Role? DefaultRole { get; set; }

    /// <summary>Create the person on their first sign-in (otherwise only invited people may sign in).</summary>
    public bool AutoProvision { get; set; } = true;

    /// <summary>Email domains that may sign in (empty: any).</summary>
    public string[] AllowedDomains { get; set; } = [];

    /// <summary>
    /// Link and provision only by an email the provider says it verified (<c>email_verified</c>). Entra ID sends no such
    /// claim: turn this off only together with <see cref="AllowedDomains"/> (see docs/sso.md).
    /// </summary>
    public bool RequireVerifiedEmail { get; set; } = true;

    /// <summary>Issuers accepted besides the discovery document's (Entra ID multi-tenant: one per tenant you accept).</summary>
    public string[] ValidIssuers { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);

    public IReadOnlyList<string> ScopesOrDefault => Scopes is { Length: > 0 } scopes ? scopes : ["openid", "profile", "email"];
}
