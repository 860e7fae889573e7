using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Domain.Access;
using Incidents.Web.Features.Chat;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>
/// The Teams bot against a loopback fake Bot Connector with its own OpenID metadata, signing keys (one endorsed
/// for msteams, one not) and token endpoint: JWT validation, replies, Action.Execute, card updates and paging.
/// </summary>
public abstract class TeamsUseCaseTests : IAsyncLifetime, IAsyncDisposable
{
    private protected const string AppId = "00000000-app0-0000-0000-000000000001";
    private protected const string Issuer = "https://api.botframework.com";
    private protected const string Aad = "7faf8ab2-3d56-4244-b585-20c8a42ed2b8";
    private protected readonly RSA endorsedKey = RSA.Create(2048);
    private protected readonly RSA skypeOnlyKey = RSA.Create(2048);
    private protected readonly LoopbackWebhookReceiver connector = new();
    private protected TeamsApp app = null!;
    private protected HttpClient client = null!;
    private protected int tokenRequests;

    private protected sealed class TeamsApp(string fake) : TestApp(new Dictionary<string, string?>
    {
        ["Teams:AppId"] = AppId,
        ["Teams:AppPassword"] = "bot-secret",
        ["Teams:OpenIdMetadataUrl"] = fake + "openid",
        ["Teams:TokenEndpoint"] = fake + "token",
        ["Portal:BaseUrl"] = "https://incidents.example.com",
    });

    public Task InitializeAsync()
    {
        connector.Responder = request => (request.Method, request.Path) switch
        {
            ("GET", "/openid") => new(200, $$"""{"issuer":"{{Issuer}}","jwks_uri":"{{connector.Url("keys")}}","id_token_signing_alg_values_supported":["RS256"]}"""),
            ("GET", "/keys") => new(200, new JsonObject { ["keys"] = new JsonArray(Jwk(endorsedKey, "k1", "msteams"), Jwk(skypeOnlyKey, "k2", "skype")) }.ToJsonString()),
            ("POST", "/token") => Token(),
            ("POST", "/v3/conversations") => new(200, """{"id":"a:new-personal-chat"}"""),
            ("POST", _) => new(200, $$"""{"id":"activity-{{connector.Received.Count}}"}"""),
            ("PUT", _) => new(200, """{"id":"updated"}"""),
            _ => new(404, "{}"),
        };
        app = new TeamsApp(connector.Url("/"));
        client = app.CreateClient();
        return Task.CompletedTask;
    }

    private protected LoopbackWebhookReceiver.Answer Token()
    {
        Interlocked.Increment(ref tokenRequests);
        return new(200, """{"token_type":"Bearer","expires_in":3600,"ext_expires_in":3600,"access_token":"bot-token-1"}""");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await connector.DisposeAsync();
        endorsedKey.Dispose();
        skypeOnlyKey.Dispose();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private protected static JsonObject Jwk(RSA rsa, string kid, string endorsement)
    {
        var p = rsa.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = kid,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["endorsements"] = new JsonArray(endorsement),
        };
    }

    private protected string Jwt(string? serviceUrl = null, string issuer = Issuer, string audience = AppId, RSA? key = null, string kid = "k1", TimeSpan? expiresIn = null)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now.AddMinutes(-1),
            Expires = now + (expiresIn ?? TimeSpan.FromMinutes(30)),
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl ?? connector.Url("/"))]),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? endorsedKey) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        });
    }

    private protected static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "teams", name));

    private protected JsonNode Activity(string sample, string? text = null)
    {
        var activity = JsonNode.Parse(Sample(sample))!;
        activity["serviceUrl"] = connector.Url("/");
        if (text is not null)
        {
            activity["text"] = text;
        }

        return activity;
    }

    private protected async Task<HttpResponseMessage> PostAsync(JsonNode activity, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/teams/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The personal-chat sample as an Action.Execute "ack" pressed on the card <paramref name="replyToId"/>.</summary>
    private protected JsonNode AckInvoke(long incidentId, string replyToId)
    {
        var invoke = Activity("teams-message-personal-incoming.json");
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["replyToId"] = replyToId;
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "ack", ["data"] = new JsonObject { ["incidentId"] = incidentId.ToString(CultureInfo.InvariantCulture) } },
            ["trigger"] = "manual",
        };
        return invoke;
    }

    private protected async Task LinkAsync(string email, Role role)
    {
        var user = await app.CreateUserAsync(email, role);
        await using var db = await app.NewDbContextAsync();
        db.ChatIdentities.Add(new ChatIdentity { Medium = ChatMedium.Teams, ExternalId = Aad, UserId = user.Id, LinkedAt = app.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    private protected List<LoopbackWebhookReceiver.Request> ConnectorCalls(string method) =>
        connector.Received.Where(r => r.Method == method && r.Path.StartsWith("/v3/", StringComparison.Ordinal)).ToList();

    private protected static JsonNode Tweak(JsonNode node, string field, string value)
    {
        node[field] = value;
        return node;
    }

    public static TheoryData<string, int> BadTokens() => new()
    {
        { "missing", 401 },
        { "issuer", 401 },
        { "audience", 401 },
        { "expired", 401 },
        { "unendorsed", 403 },
        { "serviceUrl", 403 },
    };
}
