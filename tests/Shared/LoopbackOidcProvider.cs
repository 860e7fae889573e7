using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Web;

namespace Incidents.Testing;

/// <summary>
/// A small OpenID Connect provider on loopback, for single sign-on tests: discovery document, JWKS, an authorize
/// endpoint with a login form (or signing in <see cref="AutoSignIn"/> at once), and a token endpoint that checks the
/// client's secret, the redirect URI, a one-time code and its PKCE S256 verifier, then answers with an RS256-signed
/// id_token. <see cref="Fault"/> makes the next tokens wrong in one way, as an attacker or a broken provider would.
/// </summary>
public sealed class LoopbackOidcProvider : IAsyncDisposable
{
    public enum TokenFault
    {
        None,
        WrongAudience,
        BadSignature,
        Expired,
        WrongNonce,
    }

    public sealed record Person(string Subject, string Email, string Name, bool EmailVerified = true, params string[] Groups);

    private sealed record Grant(Person Person, string ClientId, string RedirectUri, string Challenge, string? Nonce);

    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;
    private readonly RSA key = RSA.Create(2048);
    private readonly RSA otherKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> codes = new();

    public LoopbackOidcProvider(string clientId, string clientSecret)
    {
        ClientId = clientId;
        ClientSecret = clientSecret;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Authority = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Authority);
        listener.Start();
        serving = LoopbackListener.ServeAsync(listener, ServeAsync, stop.Token);
    }

    public string Authority { get; }

    public string ClientId { get; }

    public string ClientSecret { get; }

    /// <summary>People who can sign in, by email.</summary>
    public ConcurrentDictionary<string, Person> People { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When set, the authorize endpoint signs this person in without showing its form.</summary>
    public string? AutoSignIn { get; set; }

    public TokenFault Fault { get; set; }

    /// <summary>Token requests answered (successfully or not), for asserting what the client sent.</summary>
    public ConcurrentQueue<Dictionary<string, string>> TokenRequests { get; } = new();

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            await AnswerAsync(context);
        }
        catch (Exception e)
        {
            await WriteAsync(context.Response, 500, "text/plain", e.Message);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        switch (request.HttpMethod, path)
        {
            case ("GET", "/.well-known/openid-configuration"):
                await WriteAsync(context.Response, 200, "application/json", new JsonObject
                {
                    ["issuer"] = Authority,
                    ["authorization_endpoint"] = Authority + "authorize",
                    ["token_endpoint"] = Authority + "token",
                    ["jwks_uri"] = Authority + "jwks",
                    ["response_types_supported"] = new JsonArray("code"),
                    ["response_modes_supported"] = new JsonArray("query"),
                    ["subject_types_supported"] = new JsonArray("public"),
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                    ["code_challenge_methods_supported"] = new JsonArray("S256"),
                    ["scopes_supported"] = new JsonArray("openid", "profile", "email"),
                    ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "client_secret_basic"),
                }.ToJsonString());
                return;
            case ("GET", "/jwks"):
                var p = key.ExportParameters(false);
                await WriteAsync(context.Response, 200, "application/json", new JsonObject
                {
                    ["keys"] = new JsonArray(new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "k1", ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!) }),
                }.ToJsonString());
                return;
            case ("GET", "/authorize"):
                await AuthorizeAsync(context, HttpUtility.ParseQueryString(request.Url.Query), AutoSignIn);
                return;
            case ("POST", "/authorize"):
                var form = await FormAsync(request);
                await AuthorizeAsync(context, form, form["email"]);
                return;
            case ("POST", "/token"):
                await TokenAsync(context);
                return;
            default:
                await WriteAsync(context.Response, 404, "text/plain", "not found");
                return;
        }
    }

    private async Task AuthorizeAsync(HttpListenerContext context, System.Collections.Specialized.NameValueCollection query, string? email)
    {
        var redirect = query["redirect_uri"] ?? "";
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"])
            || !redirect.EndsWith("/signin-oidc", StringComparison.Ordinal))
        {
            await WriteAsync(context.Response, 400, "text/plain", "invalid_request: client, response type, PKCE or redirect URI");
            return;
        }

        if (email is null)
        {
            var hidden = string.Concat(query.AllKeys.Where(k => k is not null).Select(k =>
                $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(k)}\" value=\"{WebUtility.HtmlEncode(query[k])}\" />"));
            await WriteAsync(context.Response, 200, "text/html", $"""
                <!DOCTYPE html><html lang="en"><head><title>Loopback ID</title></head><body>
                <h1>Sign in to Loopback ID</h1>
                <form method="post" action="/authorize">{hidden}
                <label for="email">Email</label> <input id="email" name="email" type="email" data-testid="provider-email" />
                <button type="submit" data-testid="provider-sign-in">Continue</button>
                </form></body></html>
                """);
            return;
        }

        if (!People.TryGetValue(email, out var person))
        {
            await WriteAsync(context.Response, 200, "text/html", "<!DOCTYPE html><html><body><p>No such account at Loopback ID.</p></body></html>");
            return;
        }

        var code = B64(RandomNumberGenerator.GetBytes(24));
        codes[code] = new Grant(person, ClientId, redirect, query["code_challenge"]!, query["nonce"]);
        context.Response.Redirect($"{redirect}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(query["state"] ?? "")}");
        context.Response.Close();
    }

    private async Task TokenAsync(HttpListenerContext context)
    {
        var form = await FormAsync(context.Request);
        var fields = form.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => form[k] ?? "");
        TokenRequests.Enqueue(fields);
        var (id, secret) = (form["client_id"], form["client_secret"]);
        if (context.Request.Headers["Authorization"] is { } basic && basic.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2);
            (id, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        // One-time codes: a replayed code is refused like an unknown one.
        if (form["grant_type"] != "authorization_code" || form["code"] is not { } code || !codes.TryRemove(code, out var grant)
            || id != ClientId || secret != ClientSecret || form["redirect_uri"] != grant.RedirectUri
            || form["code_verifier"] is not { } verifier || B64(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.Challenge)
        {
            await WriteAsync(context.Response, 400, "application/json", """{"error":"invalid_grant"}""");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var expires = Fault == TokenFault.Expired ? now.AddMinutes(-10) : now.AddMinutes(5);
        var claims = new JsonObject
        {
            ["iss"] = Authority,
            ["aud"] = Fault == TokenFault.WrongAudience ? "another-client" : ClientId,
            ["sub"] = grant.Person.Subject,
            ["email"] = grant.Person.Email,
            ["email_verified"] = grant.Person.EmailVerified,
            ["name"] = grant.Person.Name,
            ["groups"] = new JsonArray(grant.Person.Groups.Select(g => (JsonNode)g).ToArray()),
            ["iat"] = (Fault == TokenFault.Expired ? now.AddMinutes(-20) : now).ToUnixTimeSeconds(),
            ["nbf"] = (Fault == TokenFault.Expired ? now.AddMinutes(-20) : now).ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
        };
        if (grant.Nonce is not null)
        {
            claims["nonce"] = Fault == TokenFault.WrongNonce ? "a-nonce-from-another-sign-in" : grant.Nonce;
        }

        var header = B64(Encoding.UTF8.GetBytes("""{"alg":"RS256","typ":"JWT","kid":"k1"}"""));
        var payload = B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signer = Fault == TokenFault.BadSignature ? otherKey : key;
        var signature = B64(signer.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        await WriteAsync(context.Response, 200, "application/json", JsonSerializer.Serialize(new
        {
            access_token = "at-" + B64(RandomNumberGenerator.GetBytes(16)),
            token_type = "Bearer",
            expires_in = 300,
            id_token = $"{header}.{payload}.{signature}",
        }));
    }

    private static async Task<System.Collections.Specialized.NameValueCollection> FormAsync(HttpListenerRequest request)
    {
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        return HttpUtility.ParseQueryString(await reader.ReadToEndAsync());
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string type, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = type + "; charset=utf-8";
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await serving;
        listener.Close();
        stop.Dispose();
        key.Dispose();
        otherKey.Dispose();
    }
}
