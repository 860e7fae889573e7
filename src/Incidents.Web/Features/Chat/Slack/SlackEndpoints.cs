using System.Text;
using System.Text.Json.Nodes;
using Incidents.Web.Features.Chat.Commands;
using Incidents.Web.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat.Slack;

/// <summary>
/// Slack's three request URLs. Every request is verified (v0 signature over the raw body, five-minute window)
/// before anything else; a bad one gets 401 and changes nothing. Answers come within Slack's 3 seconds: slash
/// commands inline when quick, events and buttons after they are stored (retries are recognised by key).
/// </summary>
internal static partial class SlackEndpoints
{
    public const int MaxBodyBytes = 256_000;
    private static readonly TimeSpan InlineBudget = TimeSpan.FromSeconds(2.5);

    public static void MapSlackEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var slack = endpoints.MapGroup("/api/slack").AllowAnonymous().DisableAntiforgery().WithTags("Slack");
        slack.MapPost("/commands", CommandAsync).WithName("SlackSlashCommand");
        slack.MapPost("/events", EventAsync).WithName("SlackEvents");
        slack.MapPost("/interactions", InteractionAsync).WithName("SlackInteractions");
    }

    private static async Task<IResult> CommandAsync(HttpContext context, IOptions<SlackOptions> options, TimeProvider clock, SlackBot bot, RunChatCommand commands, SlackApi api, ILoggerFactory logs)
    {
        var (body, refusal) = await VerifiedBodyAsync(context, options.Value, clock);
        if (refusal is not null)
        {
            return refusal;
        }

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body!));
        string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
        if (Field("ssl_check") == "1")
        {
            return Results.Ok();
        }

        var team = Field("team_id");
        var user = Field("user_id") ?? "";
        var channel = Field("channel_id") ?? "";
        var responseUrl = Field("response_url");
        var person = await bot.PersonAsync(team, user, context.RequestAborted);
        var work = Task.Run(async () =>
        {
            var reply = await commands.HandleAsync(new ChatContext(ChatMedium.Slack, channel), person, SlackBot.ExternalId(team, user), Field("text") ?? "");
            if (reply.Ok && reply.Incident is not null)
            {
                try
                {
                    // Posted by the bot (not as the command's response) so the card can be updated in place later.
                    await bot.PostAsync(channel, null, reply, CancellationToken.None);
                    return (reply, Posted: true);
                }
                catch (SlackApiException)
                {
                    // Not in that channel: answer through the command's response instead.
                }
            }

            return (reply, Posted: false);
        });

        var done = await Task.WhenAny(work, Task.Delay(InlineBudget, clock));
        if (done == work)
        {
            var (reply, posted) = await work;
            return posted ? Results.Ok() : Results.Json(ResponseBody(reply));
        }

        // Slow: acknowledge now, answer through response_url when done. Every failure on the way is observed and logged,
        // and the person is told it did not work rather than left with "Working on it…".
        _ = AnswerLaterAsync(work, responseUrl, api, logs.CreateLogger(typeof(SlackEndpoints)));
        return Results.Json(new JsonObject { ["response_type"] = "ephemeral", ["text"] = "Working on it…" });
    }

    private static async Task AnswerLaterAsync(Task<(ChatReply Reply, bool Posted)> work, string? responseUrl, SlackApi api, ILogger logger)
    {
        try
        {
            var (reply, posted) = await work;
            if (!posted && responseUrl is not null)
            {
                await api.RespondAsync(responseUrl, ResponseBody(reply));
            }
        }
        catch (Exception ex)
        {
            LogLateAnswerFailed(logger, ex);
            if (responseUrl is not null)
            {
                try
                {
                    await api.RespondAsync(responseUrl, ResponseBody(new ChatReply("That did not work; try again, or use the portal.", Ok: false)));
                }
                catch (Exception again)
                {
                    LogLateAnswerFailed(logger, again);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A slow Slack command could not be answered through its response_url")]
    private static partial void LogLateAnswerFailed(ILogger logger, Exception exception);

    private static async Task<IResult> EventAsync(HttpContext context, IOptions<SlackOptions> options, TimeProvider clock, ChatInbox inbox)
    {
        var (body, refusal) = await VerifiedBodyAsync(context, options.Value, clock);
        if (refusal is not null)
        {
            return refusal;
        }

        var json = ParseJson(body!);
        switch (StrictJson.Text(json?["type"]))
        {
            case "url_verification":
                return Results.Json(new JsonObject { ["challenge"] = StrictJson.Text(json!["challenge"]) });
            case "event_callback" when StrictJson.Text(json!["event_id"]) is { } eventId:
                // Slack retries (X-Slack-Retry-Num) carry the same event_id: stored once, acted on once.
                await inbox.AcceptAsync(ChatMedium.Slack, eventId, "event", json.ToJsonString(), context.RequestAborted);
                return Results.Ok();
            case null:
            case "event_callback":
                return Results.Problem(title: "Malformed event", detail: "The body is not a Slack event (a string 'type' and, for callbacks, 'event_id').", statusCode: 400);
            default:
                // app_rate_limited and other notices: nothing to do.
                return Results.Ok();
        }
    }

    private static async Task<IResult> InteractionAsync(HttpContext context, IOptions<SlackOptions> options, TimeProvider clock, ChatInbox inbox)
    {
        var (body, refusal) = await VerifiedBodyAsync(context, options.Value, clock);
        if (refusal is not null)
        {
            return refusal;
        }

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body!));
        var payload = form.TryGetValue("payload", out var p) ? ParseJson(Encoding.UTF8.GetBytes(p.ToString())) : null;
        if (payload is null)
        {
            return Results.Problem(title: "Malformed interaction", detail: "The body has no payload.", statusCode: 400);
        }

        var action = (payload["actions"] as JsonArray)?.FirstOrDefault();
        if (StrictJson.Text(payload["type"]) is null || StrictJson.Text(payload["user"]?["id"]) is not { } userId)
        {
            return Results.Problem(title: "Malformed interaction", detail: "The payload needs a string 'type' and 'user.id'.", statusCode: 400);
        }

        var key = $"{StrictJson.Text(payload["trigger_id"])}|{StrictJson.Text(action?["action_ts"])}|{userId}";
        await inbox.AcceptAsync(ChatMedium.Slack, key, "interaction", payload.ToJsonString(), context.RequestAborted);
        return Results.Ok();
    }

    private static JsonObject ResponseBody(ChatReply reply)
    {
        var (text, blocks) = SlackMessages.Reply(reply);
        return new JsonObject
        {
            ["response_type"] = reply.Ok && reply.Incident is not null ? "in_channel" : "ephemeral",
            ["text"] = text,
            ["blocks"] = blocks,
        };
    }

    private static JsonNode? ParseJson(byte[] body) => StrictJson.TryParse(body);

    /// <summary>The raw body if Slack signed it within the window; otherwise the answer to give (404 off, 413, 401).</summary>
    private static async Task<(byte[]? Body, IResult? Refusal)> VerifiedBodyAsync(HttpContext context, SlackOptions options, TimeProvider clock)
    {
        if (!options.Enabled)
        {
            return (null, Results.Problem(title: "Slack is not configured", statusCode: 404));
        }

        if (await RequestBody.ReadLimitedAsync(context.Request, MaxBodyBytes, context.RequestAborted) is not { } body)
        {
            return (null, Results.Problem(title: "Payload too large", statusCode: 413));
        }

        var valid = SlackSignature.IsValid(options.SigningSecret!, context.Request.Headers["X-Slack-Request-Timestamp"], context.Request.Headers["X-Slack-Signature"], body, clock.GetUtcNow());
        return valid ? (body, null) : (null, Results.Problem(title: "Invalid signature", detail: "The request is not signed by Slack, or is too old.", statusCode: 401));
    }
}
