using Microsoft.AspNetCore.Components;

namespace Incidents.Web.Infrastructure.Auth;

/// <summary>Redirects from statically rendered account pages, refusing anything that would leave the site.</summary>
internal sealed class IdentityRedirectManager(NavigationManager navigation)
{
    public void RedirectTo(string? uri)
    {
        navigation.NavigateTo(LocalOrRoot(uri));
    }

    /// <summary>
    /// Only site-relative paths are followed: open redirects through returnUrl are not possible, and nothing a client
    /// sends makes this throw (<c>//evil.example</c>, <c>/\\evil</c>, <c>https://…</c>, control characters: all go to <c>/</c>).
    /// </summary>
    public static string LocalOrRoot(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri) || uri.Length > 2048 || uri.Any(char.IsControl))
        {
            return "/";
        }

        var local = uri.StartsWith('/') && !uri.StartsWith("//", StringComparison.Ordinal) && !uri.StartsWith("/\\", StringComparison.Ordinal)
            && Uri.TryCreate(new Uri("http://localhost"), uri, out var resolved) && resolved.Host == "localhost" && resolved.Scheme == "http";
        return local ? uri : "/";
    }
}
