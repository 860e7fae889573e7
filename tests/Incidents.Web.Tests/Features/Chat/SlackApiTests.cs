using System.Text.Json.Nodes;
using Incidents.Web.Features.Chat.Slack;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>Slack's Web API as the bot calls it: rate limits, errors, published responses (<see cref="Web.Features.Chat.Slack.SlackApi"/>).</summary>
public sealed class SlackApiTests : SlackUseCaseTests
{
    [Fact]
    public async Task WebApi_RateLimited_WaitsForRetryAfterThenSucceeds()
    {
        var calls = 0;
        slack.Responder = request => Interlocked.Increment(ref calls) == 1
            ? new(429, """{"ok":false,"error":"ratelimited"}""", new Dictionary<string, string> { ["Retry-After"] = "1" })
            : new(200, """{"ok":true,"channel":"C1","ts":"1.2"}""");
        var api = app.Services.GetRequiredService<SlackApi>();

        var posting = api.PostMessageAsync("C1", "hello", null);
        await Eventually.UntilAsync(() => Volatile.Read(ref calls) == 1, "the first call");
        // Waiting out Retry-After on the app's clock: nothing is sent again until a second has passed.
        app.Clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(1, Volatile.Read(ref calls));
        await Eventually.UntilAsync(() =>
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(100));
            return posting.IsCompleted;
        }, "the retry");

        Assert.Equal(("C1", "1.2"), await posting);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task WebApi_OkFalse_RaisedWithItsCode()
    {
        slack.Responder = _ => new(200, Sample("webapi-chat.postMessage-response-error.json"));

        var error = await Assert.ThrowsAsync<SlackApiException>(() => app.Services.GetRequiredService<SlackApi>().PostMessageAsync("C1", "hello", null));

        Assert.Equal(JsonNode.Parse(Sample("webapi-chat.postMessage-response-error.json"))!["error"]!.GetValue<string>(), error.Code);
    }

    [Fact]
    public async Task WebApi_PublishedResponses_Understood()
    {
        slack.Responder = request => request.Path == "/api/chat.postMessage"
            ? new(200, Sample("webapi-chat.postMessage-response-ok.json"))
            : new(200, Sample("webapi-chat.update-response-error.openapi-example.json"));
        var api = app.Services.GetRequiredService<SlackApi>();
        var ok = JsonNode.Parse(Sample("webapi-chat.postMessage-response-ok.json"))!;

        var posted = await api.PostMessageAsync("C1", "hello", null);
        var error = await Assert.ThrowsAsync<SlackApiException>(() => api.UpdateMessageAsync("C1", "1.1", "hello", null));

        Assert.Equal((ok["channel"]!.GetValue<string>(), ok["ts"]!.GetValue<string>()), posted);
        Assert.Equal(JsonNode.Parse(Sample("webapi-chat.update-response-error.openapi-example.json"))!["error"]!.GetValue<string>(), error.Code);
    }
}
