using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Incidents.Web.Features.Problems.Backlog;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Changes.Deployments;

/// <summary>
/// Deployments from CI/CD, as the pipelines send them. GitHub <c>deployment_status</c> (signed with
/// X-Hub-Signature-256, mapped to the service whose deployment repository it is); Azure DevOps service hooks for YAML
/// pipelines (stage state changed) and classic releases (deployment completed), authenticated by Basic authentication
/// or an X-Incidents-Secret header (Azure DevOps does not sign), for the service named in the URL. A bad signature is
/// 401 and changes nothing; an unconfigured source is 404; the change is saved before the answer.
/// </summary>
internal static class DeploymentWebhooks
{
    public const int MaxBodyBytes = 1_000_000;

    public static void MapDeploymentWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var hooks = endpoints.MapGroup("/api/v1/changes/hooks").AllowAnonymous().DisableAntiforgery().WithTags("Changes");
        hooks.MapPost("/github", GitHubAsync);
        hooks.MapPost("/azure-devops/{service}", AzureDevOpsAsync);
    }

    private static async Task<IResult> GitHubAsync(HttpContext context, IOptions<ChangeOptions> options, IDbContextFactory<IncidentsDbContext> contexts, RecordDeployment record)
    {
        var cancellationToken = context.RequestAborted;
        if (options.Value.GitHubWebhookSecret is not { Length: > 0 } secret)
        {
            return Results.Problem(title: "Not configured", detail: "GitHub deployments are off: set Changes:GitHubWebhookSecret.", statusCode: 404);
        }

        if (await ReadAsync(context) is not { } body)
        {
            return TooLarge();
        }

        if (!GitHubBacklog.SignatureMatches(secret, body, context.Request.Headers["X-Hub-Signature-256"]))
        {
            return Results.Problem(title: "Invalid signature", detail: "X-Hub-Signature-256 does not match the body signed with Changes:GitHubWebhookSecret.", statusCode: 401);
        }

        if (StrictJson.TryParse(body) is not { } json)
        {
            return Malformed();
        }

        var gitHubEvent = context.Request.Headers["X-GitHub-Event"].ToString();
        if (gitHubEvent != "deployment_status")
        {
            return Ignored(gitHubEvent == "ping" ? "ping" : $"event '{gitHubEvent}' is not followed; subscribe to deployment statuses");
        }

        var repository = StrictJson.Text(json["repository"]?["full_name"]);
        var deployment = json["deployment"];
        var status = json["deployment_status"];
        if (repository is null || StrictJson.WholeNumber(deployment?["id"]) is not { } deploymentId || StrictJson.Text(status?["state"]) is not { } state)
        {
            return Results.Problem(title: "The request is not valid.", detail: "A deployment_status event carries repository.full_name, deployment.id and deployment_status.state.", statusCode: 400);
        }

        var environment = StrictJson.Text(deployment?["environment"]) ?? StrictJson.Text(status?["environment"]) ?? Change.Production;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // GitHub repository names ignore case (Acme/Checkout is acme/checkout); services store theirs in lower case. A service
        // that names this environment as its production takes it; else the repository's service for any environment.
        var lowered = repository.ToLowerInvariant();
        var loweredEnvironment = environment.ToLowerInvariant();
        var candidates = await db.Services.Where(s => s.DeploymentRepository == lowered && (s.DeploymentEnvironment == null || s.DeploymentEnvironment == loweredEnvironment))
            .OrderBy(s => s.Id).Select(s => new { s.Id, s.DeploymentEnvironment }).ToListAsync(cancellationToken);
        var service = candidates.FirstOrDefault(s => s.DeploymentEnvironment is not null) ?? candidates.FirstOrDefault();
        if (service is null)
        {
            return Ignored(await db.Services.AnyAsync(s => s.DeploymentRepository == lowered, cancellationToken)
                ? $"no service of {repository} deploys to the environment '{environment}'"
                : $"no service deploys {repository}; set it as a service's deployment repository (Admin → Services)");
        }

        var mapped = state switch
        {
            "in_progress" => DeploymentState.InProgress,
            "success" => DeploymentState.Succeeded,
            "failure" or "error" => DeploymentState.Failed,
            _ => (DeploymentState?)null,
        };
        if (mapped is not { } deploymentState)
        {
            return Ignored($"state '{state}' does not move a change (queued, pending and inactive are waited out)");
        }

        // The environment a service names as its production is production, whatever GitHub's flag says.
        var isProduction = service.DeploymentEnvironment is not null
            || (deployment?["production_environment"] is JsonValue flag && flag.TryGetValue<bool>(out var production) && production);
        var result = await record.HandleAsync(new Deployment(service.Id, isProduction ? Change.Production : environment,
            $"github:{repository}:{deploymentId}", deploymentState, ChangeSource.GitHub,
            StrictJson.Text(deployment?["sha"]), StrictJson.Text(deployment?["ref"]),
            Link(StrictJson.Text(status?["target_url"]) ?? StrictJson.Text(status?["log_url"])),
            StrictJson.Text(deployment?["creator"]?["login"]) ?? StrictJson.Text(json["sender"]?["login"]),
            StrictJson.Text(deployment?["description"]) ?? StrictJson.Text(status?["description"])), cancellationToken);
        return Accepted(result);
    }

    private static async Task<IResult> AzureDevOpsAsync(string service, string? stage, HttpContext context, IOptions<ChangeOptions> options,
        IDbContextFactory<IncidentsDbContext> contexts, RecordDeployment record)
    {
        var cancellationToken = context.RequestAborted;
        if (options.Value.AzureDevOpsSecret is not { Length: > 0 } secret)
        {
            return Results.Problem(title: "Not configured", detail: "Azure DevOps deployments are off: set Changes:AzureDevOpsSecret.", statusCode: 404);
        }

        if (await ReadAsync(context) is not { } body)
        {
            return TooLarge();
        }

        var header = context.Request.Headers["X-Incidents-Secret"].ToString();
        var authentic = header.Length > 0
            ? CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(secret))
            : BacklogWebhooks.Handler.BasicPasswordMatches(secret, context.Request.Headers.Authorization);
        if (!authentic)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"incidents\"";
            return Results.Problem(title: "Invalid secret", detail: "Send Changes:AzureDevOpsSecret as the Basic password or the X-Incidents-Secret header of the service hook.", statusCode: 401);
        }

        if (StrictJson.TryParse(body) is not { } json)
        {
            return Malformed();
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var serviceId = await db.Services.Where(s => s.Slug == service).Select(s => (long?)s.Id).FirstOrDefaultAsync(cancellationToken);
        if (serviceId is null)
        {
            return Results.Problem(title: "Unknown service", detail: $"No service has the slug '{service}'.", statusCode: 404);
        }

        var productionStage = string.IsNullOrWhiteSpace(stage) ? options.Value.AzureDevOpsProductionStage : stage.Trim();
        var eventType = StrictJson.Text(json["eventType"]);
        var resource = json["resource"];
        Deployment? deployment = eventType switch
        {
            "ms.vss-pipelines.stage-state-changed-event" => Pipeline(serviceId.Value, resource, productionStage),
            "ms.vss-release.deployment-completed-event" => Release(serviceId.Value, resource, productionStage),
            _ => null,
        };
        if (deployment is null)
        {
            return Ignored($"event '{eventType}' with this state does not move a change");
        }

        return Accepted(await record.HandleAsync(deployment, cancellationToken));
    }

    /// <summary>A YAML pipeline's stage: in progress starts, completed with its result ends (succeeded, or failed/canceled).</summary>
    private static Deployment? Pipeline(long serviceId, JsonNode? resource, string productionStage)
    {
        var stage = resource?["stage"];
        var run = resource?["run"];
        var pipeline = resource?["pipeline"] ?? run?["pipeline"];
        if (StrictJson.Text(stage?["name"]) is not { } name || StrictJson.WholeNumber(run?["id"]) is not { } runId)
        {
            return null;
        }

        var state = (StrictJson.Text(stage?["state"]), StrictJson.Text(stage?["result"])) switch
        {
            ("inProgress", _) => DeploymentState.InProgress,
            ("completed", "succeeded") => DeploymentState.Succeeded,
            ("completed", "failed" or "canceled" or "partiallySucceeded") => DeploymentState.Failed,
            _ => (DeploymentState?)null,
        };
        if (state is not { } deploymentState)
        {
            return null;
        }

        var pipelineName = StrictJson.Text(pipeline?["name"]) ?? "pipeline";
        return new Deployment(serviceId, EnvironmentOf(name, productionStage), $"azdo:{serviceId}:pipeline:{StrictJson.WholeNumber(pipeline?["id"])}:{runId}:{name}",
            deploymentState, ChangeSource.AzureDevOps, null, null, Link(StrictJson.Text(stage?["_links"]?["web"]?["href"])), null,
            $"{pipelineName} run {StrictJson.Text(run?["name"]) ?? runId.ToString(System.Globalization.CultureInfo.InvariantCulture)}, stage {name}");
    }

    /// <summary>A classic release's deployment to one environment (stage): succeeded completes, rejected/canceled/partial fails.</summary>
    private static Deployment? Release(long serviceId, JsonNode? resource, string productionStage)
    {
        var environment = resource?["environment"];
        var release = environment?["release"];
        if (StrictJson.Text(environment?["name"]) is not { } name || StrictJson.WholeNumber(environment?["id"]) is not { } environmentId)
        {
            return null;
        }

        var state = StrictJson.Text(environment?["status"]) switch
        {
            "succeeded" => DeploymentState.Succeeded,
            "rejected" or "canceled" or "partiallySucceeded" => DeploymentState.Failed,
            "inProgress" => DeploymentState.InProgress,
            _ => (DeploymentState?)null,
        };
        if (state is not { } deploymentState)
        {
            return null;
        }

        var releaseName = StrictJson.Text(release?["name"]) ?? "release";
        return new Deployment(serviceId, EnvironmentOf(name, productionStage), $"azdo:{serviceId}:release:{StrictJson.WholeNumber(release?["id"])}:{environmentId}",
            deploymentState, ChangeSource.AzureDevOps, null, null, null, StrictJson.Text(environment?["owner"]?["displayName"]),
            $"{releaseName} to {name}");
    }

    private static string EnvironmentOf(string stage, string productionStage) =>
        string.Equals(stage, productionStage, StringComparison.OrdinalIgnoreCase) ? Change.Production : stage;

    /// <summary>Only an http(s) link is kept; anything else (javascript:, a blank) is dropped.</summary>
    private static string? Link(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? url : null;

    private static async Task<byte[]?> ReadAsync(HttpContext context) =>
        await RequestBody.ReadLimitedAsync(context.Request, MaxBodyBytes, context.RequestAborted);

    private static IResult TooLarge() => Results.Problem(title: "Payload too large", detail: $"The body is larger than {MaxBodyBytes:N0} bytes.", statusCode: 413);

    private static IResult Malformed() => Results.Problem(title: "Malformed JSON", detail: "The body is not valid JSON.", statusCode: 400);

    private static IResult Ignored(string reason) => Results.Json(new { status = "ignored", reason }, statusCode: StatusCodes.Status202Accepted);

    private static IResult Accepted(DeploymentResult result) => Results.Json(new
    {
        status = "recorded",
        change = Change.Format(result.ChangeId),
        bypassed = result.Bypassed,
        created = result.Created,
    }, statusCode: StatusCodes.Status202Accepted);
}
