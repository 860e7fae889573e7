using System.Net;
using Microsoft.AspNetCore.Components;

namespace Incidents.Web.Infrastructure;

internal sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Public URL of the portal for links sent out of the app; when empty, the address the app listens on.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For/Proto are believed.</summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>The address the server listens on, found at start-up when <see cref="BaseUrl"/> is not set.</summary>
    public Uri? ListeningOn { get; set; }

    /// <summary>Where links sent out (chat, email, invitations) point: the configured URL, else where the app listens.</summary>
    public Uri Root => !string.IsNullOrWhiteSpace(BaseUrl) ? new Uri(BaseUrl.TrimEnd('/') + "/") : ListeningOn ?? new Uri("http://localhost/");

    /// <summary>A link for messages sent from the background (no viewer).</summary>
    public Uri Link(string relative) => new(Root, relative.TrimStart('/'));

    public string Absolute(NavigationManager navigation, string relative) =>
        new Uri(new Uri(string.IsNullOrWhiteSpace(BaseUrl) ? navigation.BaseUri : BaseUrl.TrimEnd('/') + "/"), relative.TrimStart('/')).ToString();

    /// <summary>
    /// The address to put in links from the server's bound addresses: HTTPS before HTTP, and a wildcard host
    /// ("0.0.0.0", "[::]", "+", "*") replaced by this machine's name, which others can reach; null when there is none.
    /// </summary>
    public static Uri? Reachable(IEnumerable<string> addresses, string machine)
    {
        var bound = addresses
            .Select(a => a.Replace("://+:", "://wildcard:", StringComparison.Ordinal).Replace("://*:", "://wildcard:", StringComparison.Ordinal))
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .Where(u => u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
            .OrderBy(u => u.Scheme == Uri.UriSchemeHttps ? 0 : 1)
            .FirstOrDefault();
        if (bound is null)
        {
            return null;
        }

        var wildcard = bound.Host == "wildcard" || (IPAddress.TryParse(bound.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
        return new UriBuilder(bound) { Host = wildcard ? machine : bound.Host, Path = "/" }.Uri;
    }
}
