using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Problems.Backlog;

/// <summary>
/// Backlog state flowing back: GitHub "issues" webhooks (signed with X-Hub-Signature-256) and Azure DevOps
/// work item service hooks (Basic authentication with the connection's secret as password). A bad signature or
/// password gets 401 and changes nothing; the change is saved before the answer.
/// </summary>
internal static class BacklogWebhooks
{
    public const int MaxBodyBytes = 1_000_000;

    public static void MapBacklogWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var hooks = endpoints.MapGroup("/api/backlog/hooks/{hookId}").AllowAnonymous().DisableAntiforgery().WithTags("Backlog");
        hooks.MapPost("/github", GitHubAsync);
        hooks.MapPost("/azure-devops", AzureDevOpsAsync);
    }

    private static async Task<IResult> GitHubAsync(string hookId, HttpContext context, Handler handler) =>
        await handler.ReceiveAsync(hookId, BacklogSystem.GitHub, context);

    private static async Task<IResult> AzureDevOpsAsync(string hookId, HttpContext context, Handler handler) =>
        await handler.ReceiveAsync(hookId, BacklogSystem.AzureDevOps, context);

    /// <summary>Verifies and applies one delivery.</summary>
    public sealed class Handler(
        IDbContextFactory<IncidentsDbContext> contexts,
        ManageBacklogConnections connections,
        IOptions<ProblemOptions> options,
        TimeProvider clock)
    {
        public async Task<IResult> ReceiveAsync(string hookId, BacklogSystem system, HttpContext context)
        {
            var cancellationToken = context.RequestAborted;
            if (await RequestBody.ReadLimitedAsync(context.Request, MaxBodyBytes, cancellationToken) is not { } body)
            {
                return Results.Problem(title: "Payload too large", detail: $"The body is larger than {MaxBodyBytes:N0} bytes.", statusCode: 413);
            }

            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var connection = await db.BacklogConnections.AsNoTracking().SingleOrDefaultAsync(c => c.HookId == hookId && c.System == system, cancellationToken);
            if (connection is null)
            {
                return Results.Problem(title: "Unknown webhook", detail: "No backlog connection has this address.", statusCode: 404);
            }

            var secret = connections.Unprotect(connection.ProtectedWebhookSecret);
            var authentic = system switch
            {
                BacklogSystem.GitHub => GitHubBacklog.SignatureMatches(secret, body, context.Request.Headers["X-Hub-Signature-256"]),
                BacklogSystem.AzureDevOps => BasicPasswordMatches(secret, context.Request.Headers.Authorization),
            };
            if (!authentic)
            {
                if (system == BacklogSystem.AzureDevOps)
                {
                    context.Response.Headers.WWWAuthenticate = "Basic realm=\"incidents\"";
                }

                return Results.Problem(title: "Invalid signature", detail: system == BacklogSystem.GitHub
                    ? "X-Hub-Signature-256 does not match the body signed with this webhook's secret."
                    : "The service hook must send Basic authentication with this connection's secret as the password.", statusCode: 401);
            }

            if (StrictJson.TryParse(body) is not { } json)
            {
                return Results.Problem(title: "Malformed JSON", detail: "The body is not valid JSON.", statusCode: 400);
            }

            var (items, ignored) = system switch
            {
                BacklogSystem.GitHub => GitHubItems(context.Request.Headers["X-GitHub-Event"].ToString(), json, connection.Project),
                BacklogSystem.AzureDevOps => AzureDevOpsItems(json, connections.Target(connection)),
            };
            if (items.Count == 0)
            {
                return Results.Json(new { status = "ignored", reason = ignored }, statusCode: StatusCodes.Status202Accepted);
            }

            var by = new Actor(null, system == BacklogSystem.GitHub ? "GitHub" : "Azure DevOps");
            db.ActingAs(by);
            var changed = await FollowBacklog.ApplyAsync(db, system, connection.TeamId, items, by, clock.GetUtcNow(), options.Value.WatchWindow, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Results.Ok(new { status = "ok", changed });
        }

        private static (IReadOnlyList<BacklogItem> Items, string? Ignored) GitHubItems(string gitHubEvent, JsonNode? json, string repository)
        {
            if (gitHubEvent != "issues")
            {
                return ([], gitHubEvent == "ping" ? "ping" : $"event {gitHubEvent} is not followed");
            }

            var fullName = StrictJson.Text(json?["repository"]?["full_name"]);
            if (!string.Equals(fullName, repository, StringComparison.OrdinalIgnoreCase))
            {
                return ([], $"repository {fullName} is not this connection's");
            }

            return json?["issue"] is { } issue ? ([GitHubBacklog.Item(issue)], null) : ([], "no issue in the payload");
        }

        private static (IReadOnlyList<BacklogItem> Items, string? Ignored) AzureDevOpsItems(JsonNode? json, BacklogTarget target)
        {
            var eventType = StrictJson.Text(json?["eventType"]);
            var resource = json?["resource"];
            (long? Id, string? State) found = eventType switch
            {
                // Updates carry the changed fields and the whole revision; the revision has the current state.
                "workitem.updated" => (StrictJson.WholeNumber(resource?["workItemId"]), StrictJson.Text(resource?["revision"]?["fields"]?["System.State"])),
                "workitem.created" or "workitem.restored" => (StrictJson.WholeNumber(resource?["id"]), StrictJson.Text(resource?["fields"]?["System.State"])),
                "workitem.deleted" => (StrictJson.WholeNumber(resource?["id"]), "deleted"),
                _ => (null, null),
            };
            if (found.Id is not { } id || found.State is not { } state)
            {
                return ([], $"event {eventType} carries no work item state");
            }

            var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var mapped = eventType == "workitem.deleted" ? BacklogItemState.Dropped : AzureDevOpsBacklog.Map(state);
            return ([new BacklogItem(key, AzureDevOpsBacklog.WebUrl(target, key), mapped, state)], null);
        }

        internal static bool BasicPasswordMatches(string secret, string? authorization)
        {
            if (!AuthenticationHeaderValue.TryParse(authorization, out var header) || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            {
                return false;
            }

            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            }
            catch (FormatException)
            {
                return false;
            }

            var password = decoded[(decoded.IndexOf(':', StringComparison.Ordinal) + 1)..];
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(secret));
        }
    }
}
