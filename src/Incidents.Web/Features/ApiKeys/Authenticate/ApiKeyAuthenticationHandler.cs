using System.Text.Encodings.Web;
using Incidents.Web.Data;
using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.ApiKeys.Authenticate;

/// <summary>
/// Authenticates <c>Authorization: Bearer inc_…</c> (or <c>X-Api-Key</c>) as the key's owner with the owner's
/// current roles. Unknown, revoked or malformed keys and disabled owners fail alike; answers are ProblemDetails.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<IncidentsDbContext> contexts,
    IUserClaimsPrincipalFactory<ApplicationUser> principals,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private static readonly TimeSpan LastUsedGranularity = TimeSpan.FromMinutes(5);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = PresentedKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var prefix = ApiKey.PrefixOf(key);
        if (prefix is null)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        await using var db = await contexts.CreateDbContextAsync(Context.RequestAborted);
        var stored = await db.ApiKeys.SingleOrDefaultAsync(k => k.Prefix == prefix, Context.RequestAborted);
        if (stored is null || stored.RevokedAt is not null || !ApiKey.Matches(key, stored.KeyHash))
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == stored.UserId, Context.RequestAborted);
        if (user is null || user.IsDisabled)
        {
            return AuthenticateResult.Fail("The key's owner cannot sign in.");
        }

        var now = TimeProvider.GetUtcNow();
        if (stored.LastUsedAt is null || now - stored.LastUsedAt > LastUsedGranularity)
        {
            stored.LastUsedAt = now;
            await db.ActingAs(new Domain.Actor(user.Id, user.DisplayName)).SaveChangesAsync(Context.RequestAborted);
        }

        var principal = await principals.CreateAsync(user);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required",
            "Send a personal API key as 'Authorization: Bearer inc_…'. Create one in your profile.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "Your roles do not allow this.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        var apiKey = request.Headers["X-Api-Key"].ToString();
        return string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim();
    }
}
