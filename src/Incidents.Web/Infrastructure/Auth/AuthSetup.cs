using Incidents.Domain.Access;
using Incidents.Web.Data;
using Incidents.Web.Features.Account;
using Incidents.Web.Features.Account.Sessions;
using Incidents.Web.Features.Account.SignIn;
using Incidents.Web.Features.Account.SingleSignOn;
using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Infrastructure.Auth;

internal static class AuthSetup
{
    /// <summary>How long a disabled person or a changed password may keep a live session, at most.</summary>
    public static readonly TimeSpan SessionRevalidationInterval = TimeSpan.FromMinutes(1);

    public const string LoginPath = "/account/login";
    public const string AccessDeniedPath = "/account/access-denied";

    public static WebApplicationBuilder AddAuthInfrastructure(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        var protection = services.AddDataProtection()
            .SetApplicationName("Incidents")
            .PersistKeysToDbContext<IncidentsDbContext>();
        if (DataProtectionCertificate(builder.Configuration) is { } certificate)
        {
            // Keys at rest encrypted with the certificate's public key (its private key reads them back).
            protection.ProtectKeysWithCertificate(certificate);
        }
        else
        {
            // The embedded default keeps keys in its own database; say so once, by name of the setting, instead of the
            // framework's warning on every fresh database.
            builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
            services.AddHostedService<DataProtectionNotice>();
        }

        var auth = builder.Configuration.GetSection(AuthOptions.Section);
        services.Configure<AuthOptions>(auth);
        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            });
        authentication.AddIdentityCookies();
        if ((auth.Get<AuthOptions>() ?? new AuthOptions()).Oidc is { Enabled: true } oidc)
        {
            authentication.AddOpenIdConnect(OidcOptions.Scheme, oidc.DisplayName, o => SingleSignOnSetup.Configure(o, oidc));
        }

        services.AddSingleton<SignInThrottle>();
        services.AddScoped<LocalSignInPolicy>();
        services.AddScoped<CompleteSingleSignOn>();
        services.AddSingleton<SessionTicketStore>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, UseSessionStore>();

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                // Failed sign-ins slow down per client (SignInThrottle); SignInUser locks only after many more.
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = SignInUser.HardLockoutFailures;
                options.Lockout.DefaultLockoutTimeSpan = SignInUser.HardLockout;
                // Routes every sign-in through EnabledUserConfirmation, which refuses disabled people.
                options.SignIn.RequireConfirmedAccount = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<IncidentsDbContext>()
            .AddSignInManager()
            .AddUserConfirmation<EnabledUserConfirmation>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddDefaultTokenProviders();

        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordHashing.Iterations);
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(3));
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<TimeProvider>((o, clock) =>
            {
                o.ValidationInterval = SessionRevalidationInterval;
                o.TimeProvider = clock;
            });

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = LoginPath;
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = AccessDeniedPath;
            options.Cookie.Name = "Incidents.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request is HTTPS (behind a proxy: as X-Forwarded-Proto from a trusted proxy says).
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
            options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<TimeProvider>((o, clock) => o.TimeProvider = clock);

        services.AddAuthorization(options =>
        {
            foreach (var permission in Enum.GetValues<Permission>())
            {
                options.AddPolicy(permission.ToString(), policy => policy
                    .RequireAuthenticatedUser()
                    .RequireRole(Permissions.GrantedTo(permission).Select(r => r.ToString())));
            }

            // Anything not marked otherwise needs a signed-in person holding at least one role.
            options.FallbackPolicy = options.GetPolicy(nameof(Permission.ViewPortal));
            options.DefaultPolicy = options.FallbackPolicy!;
        });

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddScoped<IdentityRedirectManager>();
        return builder;
    }

    /// <summary>
    /// The certificate that encrypts Data Protection keys at rest: a PFX file (<c>DataProtection:CertificatePath</c>,
    /// <c>CertificatePassword</c>), or one in the current user's or the machine's personal store by
    /// <c>DataProtection:CertificateThumbprint</c>; null when neither is set.
    /// </summary>
    internal static System.Security.Cryptography.X509Certificates.X509Certificate2? DataProtectionCertificate(IConfiguration configuration)
    {
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } path)
        {
            return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]);
        }

        if (configuration["DataProtection:CertificateThumbprint"] is not { Length: > 0 } thumbprint)
        {
            return null;
        }

        foreach (var location in new[] { System.Security.Cryptography.X509Certificates.StoreLocation.CurrentUser, System.Security.Cryptography.X509Certificates.StoreLocation.LocalMachine })
        {
            using var store = new System.Security.Cryptography.X509Certificates.X509Store(System.Security.Cryptography.X509Certificates.StoreName.My, location);
            store.Open(System.Security.Cryptography.X509Certificates.OpenFlags.ReadOnly);
            if (store.Certificates.Find(System.Security.Cryptography.X509Certificates.X509FindType.FindByThumbprint, thumbprint.Replace(" ", "", StringComparison.Ordinal), validOnly: false) is [var found, ..])
            {
                return found;
            }
        }

        throw new InvalidOperationException($"DataProtection:CertificateThumbprint {thumbprint} is in neither the current user's nor the machine's personal certificate store.");
    }

    /// <summary>Browsers are redirected to sign-in; API and other non-page requests get a bare status code.</summary>
    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (IsApiRequest(context.Request))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    internal static bool IsApiRequest(HttpRequest request) => IsApiPath(request.Path);

    internal static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api")
        || path.StartsWithSegments("/v2")
        || path.StartsWithSegments("/health");
}

/// <summary>Sign-in is allowed only for people who are not disabled.</summary>
internal sealed class EnabledUserConfirmation : IUserConfirmation<ApplicationUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<ApplicationUser> manager, ApplicationUser user) =>
        Task.FromResult(!user.IsDisabled);
}

internal static class PasswordHashing
{
    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA512, which Identity's V3 format uses.</summary>
    public const int Iterations = 210_000;
}

internal static class AuthorizationPolicyExtensions
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(permission.ToString());
}

/// <summary>Marks a component or endpoint as needing a permission; the policy name is the permission's name.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
internal sealed class AuthorizePermissionAttribute(Permission permission) : AuthorizeAttribute(permission.ToString())
{
    public Permission Permission { get; } = permission;
}

/// <summary>Tells operators, once at start-up, how to encrypt the Data Protection keys at rest.</summary>
internal sealed partial class DataProtectionNotice(ILogger<DataProtectionNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogUnprotected(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys are stored in the database unencrypted; set DataProtection:CertificatePath (a PFX; DataProtection:CertificatePassword) or DataProtection:CertificateThumbprint to encrypt them at rest")]
    private static partial void LogUnprotected(ILogger logger);
}
