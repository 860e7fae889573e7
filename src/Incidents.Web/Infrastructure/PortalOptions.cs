using Microsoft.AspNetCore.Components;

namespace Incidents.Web.Infrastructure;

internal sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Public URL of the portal for links sent out of the app; when empty, the URL the viewer is using.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For/Proto are believed.</summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>A link for messages sent from the background (no viewer): the configured URL, else the default local one.</summary>
    public Uri Link(string relative) =>
        new(new Uri(string.IsNullOrWhiteSpace(BaseUrl) ? "http://localhost:5000/" : BaseUrl.TrimEnd('/') + "/"), relative.TrimStart('/'));

    public string Absolute(NavigationManager navigation, string relative) =>
        new Uri(new Uri(string.IsNullOrWhiteSpace(BaseUrl) ? navigation.BaseUri : BaseUrl.TrimEnd('/') + "/"), relative.TrimStart('/')).ToString();
}
