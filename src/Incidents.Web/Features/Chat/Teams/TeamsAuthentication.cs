using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Incidents.Web.Features.Chat.Teams;

/// <summary>
/// Validates the Bot Connector's JWT on every inbound activity: RS256-family signature by a key from the Bot
/// Framework's OpenID metadata, issuer, audience = our app id, lifetime with five minutes' skew, the signing key
/// endorsed for the activity's channel, and the <c>serviceurl</c> claim equal to the activity's serviceUrl.
/// </summary>
internal sealed class TeamsAuthentication : IDisposable
{
    private readonly IOptions<TeamsOptions> options;
    private readonly TimeProvider clock;
    private readonly HttpClient http;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> metadata;
    private readonly SemaphoreSlim endorsementsGate = new(1, 1);
    private Dictionary<string, HashSet<string>> endorsements = [];
    private DateTimeOffset endorsementsFetched = DateTimeOffset.MinValue;

    public TeamsAuthentication(IOptions<TeamsOptions> options, IHttpClientFactory clients, TimeProvider clock)
    {
        this.options = options;
        this.clock = clock;
        http = clients.CreateClient(TeamsConnector.ClientName);
        var url = options.Value.OpenIdMetadataUrl;
        metadata = new ConfigurationManager<OpenIdConnectConfiguration>(url, new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http) { RequireHttps = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) })
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(12),
        };
    }

    public sealed record Result(bool Valid, int Status, string? Problem, JsonWebToken? Token = null);

    /// <summary>
    /// The token alone (signature, issuer, audience, lifetime), from the header: checked before the body is read, so
    /// an unauthenticated sender cannot make the bot buffer or parse anything.
    /// </summary>
    public async Task<Result> ValidateTokenAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return new(false, 401, "A Bearer token is required.");
        }

        var config = await metadata.GetConfigurationAsync(cancellationToken);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Value.Issuer,
            ValidAudience = options.Value.AppId,
            IssuerSigningKeys = config.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
            ClockSkew = TimeSpan.FromMinutes(5),
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, p) =>
                (notBefore is null || notBefore.Value - p.ClockSkew <= clock.GetUtcNow().UtcDateTime) && expires is not null && clock.GetUtcNow().UtcDateTime <= expires.Value + p.ClockSkew,
        };
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(authorization["Bearer ".Length..], parameters);
        if (!result.IsValid)
        {
            // A new signing key may have been published: refresh once and try again.
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                metadata.RequestRefresh();
            }

            return new(false, 401, "The token is not valid for this bot.");
        }

        return new(true, 200, null, (JsonWebToken)result.SecurityToken);
    }

    /// <summary>What the token says about the activity it came with: its key endorsed for the channel, and the same serviceUrl.</summary>
    public async Task<Result> ValidateActivityAsync(JsonWebToken token, string? channelId, string? serviceUrl, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(channelId))
        {
            var config = await metadata.GetConfigurationAsync(cancellationToken);
            var endorsed = await EndorsementsAsync(config, token.Kid, cancellationToken);
            if (!endorsed.Contains(channelId))
            {
                return new(false, 403, "The signing key is not endorsed for this channel.");
            }
        }

        var claim = token.Claims.FirstOrDefault(c => c.Type == "serviceurl")?.Value;
        if (claim is null || !string.Equals(claim, serviceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return new(false, 403, claim is null ? "Missing serviceurl claim." : "serviceurl claim mismatch.");
        }

        return new(true, 200, null, token);
    }

    /// <summary>The channels a key is endorsed for (the JWKS's extra "endorsements" array), refreshed at least daily.</summary>
    private async Task<HashSet<string>> EndorsementsAsync(OpenIdConnectConfiguration config, string kid, CancellationToken cancellationToken)
    {
        await endorsementsGate.WaitAsync(cancellationToken);
        try
        {
            if (!endorsements.ContainsKey(kid) || clock.GetUtcNow() - endorsementsFetched > TimeSpan.FromHours(24))
            {
                var keys = JsonNode.Parse(await http.GetStringAsync(config.JwksUri, cancellationToken))?["keys"]?.AsArray() ?? [];
                endorsements = keys.Where(k => k?["kid"] is not null).ToDictionary(
                    k => k!["kid"]!.GetValue<string>(),
                    k => (k!["endorsements"]?.AsArray() ?? []).Select(e => e!.GetValue<string>()).ToHashSet(StringComparer.Ordinal));
                endorsementsFetched = clock.GetUtcNow();
            }

            return endorsements.GetValueOrDefault(kid) ?? [];
        }
        finally
        {
            endorsementsGate.Release();
        }
    }

    public void Dispose()
    {
        endorsementsGate.Dispose();
        http.Dispose();
    }
}
