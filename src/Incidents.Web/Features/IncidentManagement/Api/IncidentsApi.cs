using System.Security.Claims;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.ApiKeys.Authenticate;
using Incidents.Web.Features.Catalog.Services;
using Incidents.Web.Features.IncidentManagement.AddNote;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.List;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.IncidentManagement.PostUpdate;
using Incidents.Web.Features.IncidentManagement.Show;
using Incidents.Web.Infrastructure;
using Incidents.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incidents.Web.Features.IncidentManagement.Api;

internal sealed record IncidentListResponse(IReadOnlyList<IncidentSummary> Items, int Total, bool TotalIsCapped, int Page, int PageSize);

internal sealed record IncidentSummary(long Id, string Number, string Title, Severity Severity, IncidentStatus Status, string Service, DateTimeOffset TriggeredAt, bool SlaBreached, string? Commander);

internal sealed record TimelineEntryResponse(DateTimeOffset At, string Actor, TimelineKind Kind, string Text);

internal sealed record IncidentResponse(
    long Id, string Number, string Title, string Description, Severity Severity, Impact Impact, Urgency Urgency,
    IncidentStatus Status, string Service, string Team, string? Commander, IReadOnlyList<string> Responders,
    string Reporter, string? CustomerReference, IReadOnlyList<string> Tags,
    DateTimeOffset TriggeredAt, DateTimeOffset? AcknowledgedAt, DateTimeOffset? MitigatedAt, DateTimeOffset? ResolvedAt, DateTimeOffset? ClosedAt,
    DateTimeOffset? AcknowledgeDueAt, DateTimeOffset? ResolveDueAt, bool SlaBreached,
    string? LatestStatusUpdate, int Version, IReadOnlyList<TimelineEntryResponse> Timeline);

internal sealed record CreateIncidentRequest(string? Title, string? Description, string? Service, Impact? Impact, Urgency? Urgency, string? CustomerReference, IReadOnlyList<string>? Tags);

internal sealed record ChangeStatusRequest(StatusAction? Action, int? ExpectedVersion, string? Comment);

internal sealed record TextRequest(string? Text);

/// <summary>
/// <c>/api/v1/incidents</c>: the same handlers as the portal, for scripts and tools. Personal API keys only;
/// errors are ProblemDetails (400, 401, 403, 404, 409).
/// </summary>
internal static class IncidentsApi
{
    private const int MaxTags = 20;
    private const int MaxTagLength = 50;
    private const int MaxCommentLength = 5_000;
    private const int MaxNoteLength = 20_000;
    private const int MaxStatusUpdateLength = 5_000;

    public static void MapIncidentsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/incidents")
            .WithTags("Incidents")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ApiKeyAuthenticationHandler.SchemeName });

        api.MapGet("/", ListAsync).RequirePermission(Permission.ViewPortal).WithName("ListIncidents");
        api.MapGet("/{id:long}", GetAsync).RequirePermission(Permission.ViewPortal).WithName("GetIncident");
        api.MapPost("/", CreateAsync).RequirePermission(Permission.LogIncident).WithName("CreateIncident");
        // Who may act on which incident is the domain's answer (Incident.WhyNot), given by the handler as 403.
        api.MapPost("/{id:long}/status", ChangeStatusAsync).RequirePermission(Permission.ViewPortal).WithName("ChangeIncidentStatus");
        api.MapPost("/{id:long}/notes", AddNoteAsync).RequirePermission(Permission.ViewPortal).WithName("AddIncidentNote");
        api.MapPost("/{id:long}/status-updates", PostUpdateAsync).RequirePermission(Permission.ViewPortal).WithName("PostStatusUpdate");
    }

    private static async Task<Ok<IncidentListResponse>> ListAsync(HttpRequest request, ClaimsPrincipal user, ListIncidents list, CancellationToken cancellationToken)
    {
        var query = IncidentQuery.Parse(request.QueryString.Value);
        var page = await list.HandleAsync(query, user.UserId(), cancellationToken);
        return TypedResults.Ok(new IncidentListResponse(
            page.Rows.Select(r => new IncidentSummary(r.Id, r.Number, r.Title, r.Severity, r.Status, r.ServiceName, r.TriggeredAt, r.SlaBreached, r.CommanderName)).ToList(),
            page.Total, page.TotalIsCapped, query.Page, query.PageSize));
    }

    private static async Task<IResult> GetAsync(long id, ShowIncident show, CancellationToken cancellationToken) =>
        await show.HandleAsync(id, cancellationToken) is { } details
            ? TypedResults.Ok(ToResponse(details))
            : OutcomeResults.Problem(Outcome.NotFound($"{Incident.Format(id)} does not exist."));

    private static async Task<IResult> CreateAsync(
        CreateIncidentRequest body, ClaimsPrincipal user, LogIncident log, ShowIncident show,
        ManageServices services, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Title))
        {
            errors["title"] = ["Give the incident a title."];
        }
        else if (body.Title.Trim().Length > Incident.MaxTitleLength)
        {
            errors["title"] = [$"At most {Incident.MaxTitleLength} characters."];
        }

        if (body.Description?.Trim().Length > Incident.MaxDescriptionLength)
        {
            errors["description"] = ["At most 20,000 characters."];
        }

        if (body.CustomerReference?.Trim().Length > Incident.MaxCustomerReferenceLength)
        {
            errors["customerReference"] = [$"At most {Incident.MaxCustomerReferenceLength} characters."];
        }

        if (body.Tags is { } tags)
        {
            if (tags.Count > MaxTags)
            {
                errors["tags"] = [$"At most {MaxTags} tags."];
            }

            for (var i = 0; i < tags.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(tags[i]) || tags[i].Trim().Length > MaxTagLength)
                {
                    errors[$"tags[{i}]"] = [$"A tag is a word of 1 to {MaxTagLength} characters."];
                }
            }
        }

        if (string.IsNullOrWhiteSpace(body.Service))
        {
            errors["service"] = ["Name the affected service by its slug."];
        }

        if (body.Impact is null)
        {
            errors["impact"] = ["Choose the impact: High, Medium or Low."];
        }

        if (body.Urgency is null)
        {
            errors["urgency"] = ["Choose the urgency: High, Medium or Low."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var serviceId = await services.FindIdAsync(body.Service!, cancellationToken);
        if (serviceId is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["service"] = [$"No service has the slug '{body.Service}'."] });
        }

        var (outcome, id) = await log.HandleAsync(
            new NewIncident(body.Title!, body.Description, serviceId.Value, body.Impact!.Value, body.Urgency!.Value, body.CustomerReference, body.Tags),
            user.ToActor(), cancellationToken);
        if (!outcome.Succeeded || id is null)
        {
            return OutcomeResults.Problem(outcome);
        }

        var details = await show.HandleAsync(id.Value, cancellationToken);
        return TypedResults.Created($"/api/v1/incidents/{id}", ToResponse(details!));
    }

    private static async Task<IResult> ChangeStatusAsync(long id, ChangeStatusRequest body, ClaimsPrincipal user, ChangeIncidentStatus change, ShowIncident show, CancellationToken cancellationToken)
    {
        if (body.Action is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["action"] = ["Choose an action: Acknowledge, Mitigate, Resolve, Close or Reopen."],
            });
        }

        if (body.Comment?.Length > MaxCommentLength)
        {
            return TooLong("comment", MaxCommentLength);
        }

        var outcome = await change.HandleAsync(id, body.Action.Value, user.ToActor(), body.ExpectedVersion, body.Comment, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Ok(ToResponse((await show.HandleAsync(id, cancellationToken))!))
            : OutcomeResults.Problem(outcome);
    }

    private static async Task<IResult> AddNoteAsync(long id, TextRequest body, ClaimsPrincipal user, AddIncidentNote note, CancellationToken cancellationToken)
    {
        if (body.Text?.Length > MaxNoteLength)
        {
            return TooLong("text", MaxNoteLength);
        }

        var outcome = await note.HandleAsync(id, body.Text ?? "", user.ToActor(), cancellationToken);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/incidents/{id}") : OutcomeResults.Problem(outcome);
    }

    private static async Task<IResult> PostUpdateAsync(long id, TextRequest body, ClaimsPrincipal user, PostStatusUpdate update, CancellationToken cancellationToken)
    {
        if (body.Text?.Length > MaxStatusUpdateLength)
        {
            return TooLong("text", MaxStatusUpdateLength);
        }

        var outcome = await update.HandleAsync(id, body.Text ?? "", user.ToActor(), cancellationToken);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/incidents/{id}") : OutcomeResults.Problem(outcome);
    }

    private static ValidationProblem TooLong(string field, int max) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"At most {max.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)} characters."] });

    private static IncidentResponse ToResponse(IncidentDetails d) => new(
        d.Id, d.Number, d.Title, d.Description, d.Severity, d.Impact, d.Urgency, d.Status, d.ServiceSlug, d.TeamName,
        d.Commander?.Name, d.Responders.Select(r => r.Name).ToList(), d.ReporterName, d.CustomerReference, d.Tags,
        d.TriggeredAt, d.AcknowledgedAt, d.MitigatedAt, d.ResolvedAt, d.ClosedAt, d.AcknowledgeDueAt, d.ResolveDueAt,
        d.AcknowledgeBreachedAt is not null || d.ResolveBreachedAt is not null, d.LatestStatusUpdate, d.Version,
        d.Timeline.Select(t => new TimelineEntryResponse(t.At, t.ActorName, t.Kind, t.Text)).ToList());
}
