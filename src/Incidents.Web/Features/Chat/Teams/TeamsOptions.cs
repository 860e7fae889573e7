namespace Incidents.Web.Features.Chat.Teams;

internal sealed class TeamsOptions
{
    public const string Section = "Teams";

    /// <summary>The bot's Microsoft App ID (the audience of the Connector's tokens). Empty: Teams is off (404).</summary>
    public string? AppId { get; set; }

    public string? AppPassword { get; set; }

    /// <summary>Bot Framework's OpenID metadata; configurable for tests and sovereign clouds.</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>Multi-tenant by default; single-tenant bots use https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token.</summary>
    public string TokenEndpoint { get; set; } = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";

    public string TokenScope { get; set; } = "https://api.botframework.com/.default";

    public bool Enabled => !string.IsNullOrWhiteSpace(AppId);
}
