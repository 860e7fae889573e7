using System.Security.Claims;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Web.Features.ApiKeys.Authenticate;
using Incidents.Web.Features.Catalog.Services;
using Incidents.Web.Features.Changes.Deployments;
using Incidents.Web.Features.Changes.Fingerprints;
using Incidents.Web.Features.Changes.List;
using Incidents.Web.Features.Changes.Manage;
using Incidents.Web.Features.Changes.Show;
using Incidents.Web.Infrastructure;
using Incidents.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incidents.Web.Features.Changes.Api;

internal sealed record ChangeSummary(
    long Id, string Number, string Title, string Service, ChangeType Type, ChangeKind Kind, ChangeRisk Risk, ChangeStatus Status,
    ChangeSource Source, bool Bypassed, string Environment, DateTimeOffset? PlannedStart, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt);

internal sealed record ChangeListResponse(IReadOnlyList<ChangeSummary> Items, int Total, int Page, int PageSize);

internal sealed record ApprovalResponse(string By, ApprovalDecision Decision, string? Reason, DateTimeOffset At, bool AfterTheFact);

internal sealed record ChangeResponse(
    long Id, string Number, string Title, string? Description, string Service, string Environment, ChangeKind Kind, ChangeType Type,
    ChangeRisk Risk, ChangeStatus Status, ChangeSource Source, bool Bypassed, string Requester, string? Implementer,
    DateTimeOffset? PlannedStart, DateTimeOffset? PlannedEnd, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, DateTimeOffset? ApprovedAt,
    DateTimeOffset? ApprovalDeadline, string? CommitSha, string? Ref, string? Url, int ApprovalsNeeded, int ApprovalsGiven,
    IReadOnlyList<ApprovalResponse> Approvals, string? MissedBecause, int Version);

internal sealed record CreateChangeRequest(
    string? Service, string? Title, string? Description, ChangeKind? Kind, ChangeType? Type, ChangeRisk? Risk, string? Environment,
    DateTimeOffset? PlannedStart, DateTimeOffset? PlannedEnd, string? Implementer, string? CommitSha, string? Ref, string? Url, bool? Submit, long? Countermeasure, string? OutsideWindowReason, DateTimeOffset? CommittedAt);

internal sealed record UpdateChangeRequest(ChangeAction? Action, string? Reason, int? ExpectedVersion, DateTimeOffset? PlannedStart, DateTimeOffset? PlannedEnd);

/// <summary>What a pipeline or script reports of a deployment: the generic hook for Argo CD, Octopus, a script or anything else.</summary>
internal sealed record DeploymentRequest(string? Service, string? Environment, string? Id, string? State, string? Sha, string? Ref, string? Url, string? By, string? Description, DateTimeOffset? CommittedAt);

internal sealed record FingerprintRequest(string? Service, string? Environment, string? Fingerprint);

/// <summary>
/// <c>/api/v1/changes</c>: list, show, record and move changes; report deployments (the generic hook) and production
/// fingerprints. Personal API keys; who may approve or move a change is the domain's answer (403 ProblemDetails).
/// </summary>
internal static class ChangesApi
{
    public static void MapChangesApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/changes")
            .WithTags("Changes")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ApiKeyAuthenticationHandler.SchemeName });

        api.MapGet("/", ListAsync).RequirePermission(Permission.ViewPortal).WithName("ListChanges");
        api.MapGet("/{id:long}", GetAsync).RequirePermission(Permission.ViewPortal).WithName("GetChange");
        api.MapPost("/", CreateAsync).RequirePermission(Permission.ManageChanges).WithName("CreateChange");
        api.MapPatch("/{id:long}", UpdateAsync).RequirePermission(Permission.ViewPortal).WithName("UpdateChange");
        api.MapPost("/deployments", DeploymentAsync).RequirePermission(Permission.ManageChanges).WithName("ReportDeployment");
        api.MapPost("/fingerprints", FingerprintAsync).RequirePermission(Permission.ManageChanges).WithName("ReportFingerprint");
    }

    private static async Task<IResult> ListAsync(ChangeView? view, string? service, int? page, ListChanges list, ManageServices services, CancellationToken cancellationToken)
    {
        long? serviceId = null;
        if (service is { Length: > 0 })
        {
            serviceId = await services.FindIdAsync(service, cancellationToken);
            if (serviceId is null)
            {
                return Invalid("service", $"No service has the slug '{service}'.");
            }
        }

        var number = Math.Clamp(page ?? 1, 1, 100_000);
        var result = await list.HandleAsync(view ?? ChangeView.All, serviceId, null, number, null, cancellationToken);
        return TypedResults.Ok(new ChangeListResponse(result.Rows.Select(r => new ChangeSummary(r.Id, r.Number, r.Title, r.ServiceSlug, r.Type, r.Kind, r.Risk,
            r.Status, r.Source, r.Bypassed, r.Environment, r.PlannedStart, r.StartedAt, r.EndedAt)).ToList(), result.Total, number, ListChanges.PageSize));
    }

    private static async Task<IResult> GetAsync(long id, ClaimsPrincipal user, ShowChange show, CancellationToken cancellationToken) =>
        await show.HandleAsync(id, user.ToActor(), cancellationToken) is { } details
            ? TypedResults.Ok(ToResponse(details))
            : OutcomeResults.Problem(Outcome.NotFound($"{Change.Format(id)} does not exist."));

    private static async Task<IResult> CreateAsync(CreateChangeRequest body, ClaimsPrincipal user, ManageChanges manage, ManageServices services, ShowChange show, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Service))
        {
            return Invalid("service", "Name the service by its slug.");
        }

        if (body.Kind is null || body.Type is null)
        {
            return Invalid(body.Kind is null ? "kind" : "type", "Choose the kind (Deployment, Configuration, Infrastructure, DataFix, Access, Other) and the type (Standard, Normal, Emergency).");
        }

        var serviceId = await services.FindIdAsync(body.Service.Trim(), cancellationToken);
        if (serviceId is null)
        {
            return Invalid("service", $"No service has the slug '{body.Service}'.");
        }

        var request = new ChangeRequest(serviceId.Value, body.Title ?? "", body.Kind.Value, body.Type.Value, body.Risk ?? ChangeRisk.Medium, body.Description,
            body.Environment ?? Change.Production, body.PlannedStart, body.PlannedEnd, body.Implementer, body.CommitSha, body.Ref, body.Url, body.Countermeasure, body.OutsideWindowReason, body.CommittedAt);
        var actor = user.ToActor();
        var (outcome, id) = await manage.RecordAsync(request, actor, ChangeSource.Api, body.Submit ?? true, cancellationToken);
        if (!outcome.Succeeded || id is null)
        {
            return OutcomeResults.Problem(outcome);
        }

        return TypedResults.Created($"/api/v1/changes/{id}", ToResponse((await show.HandleAsync(id.Value, actor, cancellationToken))!));
    }

    private static async Task<IResult> UpdateAsync(long id, UpdateChangeRequest body, ClaimsPrincipal user, ManageChanges manage, ShowChange show, CancellationToken cancellationToken)
    {
        if (body.Action is null)
        {
            return Invalid("action", "Choose an action: Submit, Approve, Reject, Schedule, Start, Complete, Fail, RollBack or Cancel.");
        }

        if (body.Reason?.Length > Change.MaxReasonLength)
        {
            return Invalid("reason", $"At most {Change.MaxReasonLength:N0} characters.");
        }

        if (body.Action == ChangeAction.Schedule && (body.PlannedStart is null || body.PlannedEnd is null))
        {
            return Invalid("plannedStart", "Scheduling needs plannedStart and plannedEnd.");
        }

        var actor = user.ToActor();
        var schedule = body.PlannedStart is { } start && body.PlannedEnd is { } end ? (start, end) : ((DateTimeOffset, DateTimeOffset)?)null;
        var outcome = await manage.ActAsync(id, body.Action.Value, actor, body.Reason, body.ExpectedVersion, schedule, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Ok(ToResponse((await show.HandleAsync(id, actor, cancellationToken))!))
            : OutcomeResults.Problem(outcome);
    }

    private static async Task<IResult> DeploymentAsync(DeploymentRequest body, ManageServices services, RecordDeployment record, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Id) || body.Id.Trim().Length > 200)
        {
            return Invalid("id", "Send the deployment's own id (1 to 200 characters), the same on every report of one deployment.");
        }

        var state = body.State?.Trim().ToLowerInvariant() switch
        {
            "in_progress" or "started" => DeploymentState.InProgress,
            "success" or "succeeded" => DeploymentState.Succeeded,
            "failure" or "failed" or "error" => DeploymentState.Failed,
            _ => (DeploymentState?)null,
        };
        if (state is null)
        {
            return Invalid("state", "The state is in_progress, success or failure.");
        }

        if (body.Environment?.Trim().Length is 0 or > 50 || body.Description?.Length > Change.MaxTitleLength || body.By?.Length > 200
            || body.Sha?.Length > 100 || body.Ref?.Length > 255 || body.Url?.Length > 1000)
        {
            return Invalid("environment", "Keep the environment within 50 characters, the description within 200, by within 200, sha within 100, ref within 255 and url within 1,000.");
        }

        if (body.Url is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            return Invalid("url", "The link must be an http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(body.Service) || await services.FindIdAsync(body.Service.Trim(), cancellationToken) is not { } serviceId)
        {
            return Invalid("service", $"No service has the slug '{body.Service}'.");
        }

        var result = await record.HandleAsync(new Deployment(serviceId, ProductionFingerprint.Normalize(body.Environment), $"webhook:{serviceId}:{body.Id.Trim()}",
            state.Value, ChangeSource.Webhook, Clean(body.Sha), Clean(body.Ref), Clean(body.Url), Clean(body.By), Clean(body.Description), body.CommittedAt), cancellationToken);
        return TypedResults.Accepted($"/api/v1/changes/{result.ChangeId}", new { change = Change.Format(result.ChangeId), bypassed = result.Bypassed, created = result.Created });
    }

    private static async Task<IResult> FingerprintAsync(FingerprintRequest body, ClaimsPrincipal user, ManageServices services, ReportFingerprint report, CancellationToken cancellationToken)
    {
        if (ProductionFingerprint.Validate(body.Fingerprint, body.Environment) is { } error)
        {
            return Invalid(body.Fingerprint is null or { Length: 0 } || error.StartsWith("Send", StringComparison.Ordinal) ? "fingerprint" : "environment", error);
        }

        if (string.IsNullOrWhiteSpace(body.Service) || await services.FindIdAsync(body.Service.Trim(), cancellationToken) is not { } serviceId)
        {
            return Invalid("service", $"No service has the slug '{body.Service}'.");
        }

        var (result, driftId) = await report.HandleAsync(serviceId, body.Environment, body.Fingerprint!, user.ToActor(), cancellationToken);
        return TypedResults.Ok(new { result, drift = driftId });
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static ValidationProblem Invalid(string field, string error) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [error] });

    private static ChangeResponse ToResponse(ChangeDetails d) => new(
        d.Id, d.Number, d.Title, d.Description, d.ServiceSlug, d.Environment, d.Kind, d.Type, d.Risk, d.Status, d.Source, d.Bypassed,
        d.RequesterName, d.Implementer, d.PlannedStart, d.PlannedEnd, d.StartedAt, d.EndedAt, d.ApprovedAt, d.ApprovalDeadline, d.CommitSha, d.Ref, d.Url,
        d.ApprovalsNeeded, d.ApprovalsGiven, d.Approvals.Select(a => new ApprovalResponse(a.Name, a.Decision, a.Reason, a.At, a.AfterTheFact)).ToList(),
        d.MissedBecause, d.Version);
}
