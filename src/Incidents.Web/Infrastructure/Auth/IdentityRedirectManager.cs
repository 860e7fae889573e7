using Microsoft.AspNetCore.Components;

namespace Incidents.Web.Infrastructure.Auth;

/// <summary>Redirects from statically rendered account pages, refusing anything that would leave the site.</summary>
internal sealed class IdentityRedirectManager(NavigationManager navigation)
{
    public void RedirectTo(string? uri)
    {
        navigation.NavigateTo(LocalOrRoot(uri));
    }

    public void RedirectTo(string uri, Dictionary<string, object?> query)
    {
        var path = navigation.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        RedirectTo(navigation.ToBaseRelativePath(navigation.GetUriWithQueryParameters(path, query)));
    }

    /// <summary>Only site-relative paths are followed: open redirects through returnUrl are not possible.</summary>
    public static string LocalOrRoot(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            return "/";
        }

        var isLocal = uri.StartsWith('/') && !uri.StartsWith("//", StringComparison.Ordinal) && !uri.StartsWith("/\\", StringComparison.Ordinal);
        if (isLocal)
        {
            return uri;
        }

        return Uri.IsWellFormedUriString(uri, UriKind.Relative) && !uri.Contains(':', StringComparison.Ordinal) && !uri.StartsWith('\\')
            ? "/" + uri
            : "/";
    }
}
