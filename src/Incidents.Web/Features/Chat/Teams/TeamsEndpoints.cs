using Incidents.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat.Teams;

/// <summary>
/// The bot's messaging endpoint. Every activity's JWT is validated first, before its body is read (401/403 and
/// nothing happens otherwise).
/// Messages are stored and acknowledged with 200, then answered through the Connector; Action.Execute invokes are
/// answered in the response with the refreshed card; unknown invokes get 501, as the SDK does.
/// </summary>
internal static class TeamsEndpoints
{
    public const int MaxBodyBytes = 256_000;

    public static void MapTeamsEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/teams/messages", MessageAsync).AllowAnonymous().DisableAntiforgery().WithTags("Teams").WithName("TeamsMessages");

    private static async Task<IResult> MessageAsync(HttpContext context, IOptions<TeamsOptions> options, TeamsAuthentication auth, TeamsBot bot, ChatInbox inbox)
    {
        if (!options.Value.Enabled)
        {
            return Results.Problem(title: "Teams is not configured", statusCode: 404);
        }

        // The token first, from the header alone: nothing of an unauthenticated request is read or parsed.
        var token = await auth.ValidateTokenAsync(context.Request.Headers.Authorization, context.RequestAborted);
        if (!token.Valid)
        {
            return Results.Problem(title: "Unauthorized activity", detail: token.Problem, statusCode: token.Status);
        }

        // Capped while reading (not only by Content-Length), and parsed strictly: bad bytes are a 400, never a 500.
        if (await RequestBody.ReadLimitedAsync(context.Request, MaxBodyBytes, context.RequestAborted) is not { } body)
        {
            return Results.Problem(title: "Payload too large", statusCode: 413);
        }

        var activity = StrictJson.TryParse(body);
        var validation = await auth.ValidateActivityAsync(token.Token!, StrictJson.Text(activity?["channelId"]), StrictJson.Text(activity?["serviceUrl"]), context.RequestAborted);
        if (!validation.Valid)
        {
            return Results.Problem(title: "Unauthorized activity", detail: validation.Problem, statusCode: validation.Status);
        }

        if (activity is null || StrictJson.Text(activity["type"]) is not { } type)
        {
            return Results.Problem(title: "Malformed activity", detail: "The body is not a Bot Framework activity.", statusCode: 400);
        }

        await bot.RememberConversationAsync(activity, context.RequestAborted);
        switch (type)
        {
            case "message":
                var key = StrictJson.Text(activity["id"]) ?? Guid.NewGuid().ToString("N");
                await inbox.AcceptAsync(ChatMedium.Teams, $"{activity["conversation"]?["id"]}|{key}", "message", activity.ToJsonString(), context.RequestAborted);
                return Results.Ok();
            case "invoke" when StrictJson.Text(activity["name"]) == "adaptiveCard/action":
                return Results.Json(await bot.HandleCardActionAsync(activity, context.RequestAborted));
            case "invoke":
                return Results.StatusCode(StatusCodes.Status501NotImplemented);
            default:
                // conversationUpdate, installationUpdate, typing…: the conversation is remembered; nothing else to do.
                return Results.Ok();
        }
    }
}
