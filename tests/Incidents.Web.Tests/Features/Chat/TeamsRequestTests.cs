using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>What the Bot Connector sends, checked before anything acts: its JWT, unknown invokes, the bot being added to a team (<see cref="Web.Features.Chat.Teams.TeamsEndpoints"/>).</summary>
public sealed class TeamsRequestTests : TeamsUseCaseTests
{
    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task BadJwt_RejectedAndNothingChanged(string kind, int status)
    {
        var token = kind switch
        {
            "missing" => null,
            "issuer" => Jwt(issuer: "https://evil.example.com"),
            "audience" => Jwt(audience: "someone-else"),
            "expired" => Jwt(expiresIn: TimeSpan.FromMinutes(-6)),
            "unendorsed" => Jwt(key: skypeOnlyKey, kid: "k2"),
            _ => Jwt(serviceUrl: "https://smba.trafficmanager.net/amer/"),
        };

        var response = await PostAsync(Activity("teams-message-personal-incoming.json", "declare Everything is down sev1"), token);

        Assert.Equal(status, (int)response.StatusCode);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(0, await db.TeamsConversations.CountAsync());
        Assert.Equal(0, await db.ChatInbound.CountAsync());
        Assert.Equal(0, await db.Incidents.CountAsync());
        Assert.Empty(ConnectorCalls("POST"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("audience")]
    public async Task HugeBody_WithoutAValidToken_401BeforeTheBodyIsRead(string? bad)
    {
        // A 2 MB body that would be a 413 if the bot read it: an unauthenticated sender is refused on its header alone.
        var activity = Activity("teams-message-personal-incoming.json", new string('x', 2_000_000));

        var response = await PostAsync(activity, bad is null ? null : Jwt(audience: "someone-else"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HugeBody_WithAValidToken_413AndNothingStored()
    {
        var response = await PostAsync(Activity("teams-message-personal-incoming.json", new string('x', 2_000_000)), Jwt());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(0, await db.ChatInbound.CountAsync());
    }

    [Fact]
    public async Task ConversationUpdate_BotAddedToTeam_ReferenceStored()
    {
        var response = await PostAsync(Activity("teams-conversationUpdate-bot-added-to-team.json"), Jwt());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await app.NewDbContextAsync();
        var stored = await db.TeamsConversations.SingleAsync();
        Assert.Equal("19:efa9296d959346209fea44151c742e73@thread.skype", stored.ConversationId);
        Assert.Equal("channel", stored.Type);
        Assert.Equal(connector.Url("/"), stored.ServiceUrl);
    }

    [Fact]
    public async Task UnknownInvoke_501()
    {
        var invoke = Activity("teams-message-personal-incoming.json");
        invoke["type"] = "invoke";
        invoke["name"] = "composeExtension/query";

        Assert.Equal(HttpStatusCode.NotImplemented, (await PostAsync(invoke, Jwt())).StatusCode);
    }
}
