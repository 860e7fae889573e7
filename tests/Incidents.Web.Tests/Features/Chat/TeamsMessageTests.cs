using System.Net;
using System.Text.Json.Nodes;
using Incidents.Web.Tests.Infrastructure;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>Commands typed to the bot in a personal chat or a channel, answered through the connector (<see cref="Web.Features.Chat.Teams.TeamsBot"/>).</summary>
public sealed class TeamsMessageTests : TeamsUseCaseTests
{
    [Fact]
    public async Task PersonalMessage_PublishedSample_RepliedThroughTheConnectorWithACachedToken()
    {
        var first = await PostAsync(Activity("teams-message-personal-incoming.json", "help"), Jwt());
        var second = await PostAsync(Activity("teams-message-personal-incoming.json", "oncall") is var a && a is not null ? Tweak(a, "id", "1485983408512") : a!, Jwt());
        await Eventually.UntilAsync(() => ConnectorCalls("POST").Count == 2, "two replies");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var reply = ConnectorCalls("POST").Single(c => c.Path.EndsWith("/activities/1485983408511", StringComparison.Ordinal));
        // The conversation id is escaped as a path segment (Teams ids contain ':').
        Assert.StartsWith("/v3/conversations/a%3A17I0kl9EkpE1O9PH5TWrzrLNwnWWcfrU7QZjKR0WSfOpzbfcAg2IaydGElSo10tVr4C7Fc6GtieTJX663WuJCc1uA83n4CSrHSgGBj5XNYLcVlJAs2ZX8DbYBPck201w-/activities/", reply.RawTarget, StringComparison.Ordinal);
        Assert.Equal("Bearer bot-token-1", reply.Headers["Authorization"]);
        Assert.StartsWith("Commands:", JsonNode.Parse(reply.Body)!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var tokenCall = connector.Received.Single(r => r.Path == "/token");
        Assert.Contains("grant_type=client_credentials", tokenCall.Body, StringComparison.Ordinal);
        Assert.Contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default", tokenCall.Body, StringComparison.Ordinal);
        Assert.Equal(1, tokenRequests);
    }

    [Fact]
    public async Task ChannelMessage_PublishedSampleWithMention_MentionStrippedReplyInTheThread()
    {
        var response = await PostAsync(Activity("teams-message-channel-with-mention.json"), Jwt());
        await Eventually.UntilAsync(() => ConnectorCalls("POST").Count > 0, "the reply");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = ConnectorCalls("POST")[0];
        Assert.Equal("/v3/conversations/19%3Aaebd0ad4d6ab42c8b9ed19c251c2fc37%40thread.skype%3Bmessageid%3D1481567603816/activities", reply.RawTarget);
        Assert.Equal("I don't know `Hey`. Try `help`.", JsonNode.Parse(reply.Body)!["text"]!.GetValue<string>());
    }
}
