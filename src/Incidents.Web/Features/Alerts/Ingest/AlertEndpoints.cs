using System.Globalization;
using Incidents.Web.Infrastructure;


namespace Incidents.Web.Features.Alerts.Ingest;

/// <summary>
/// The three inbound alert endpoints. Each: body ≤ 512 KB (else 413), valid JSON (else 400), a live integration key
/// of the right kind (else 404, the same for unknown and revoked), within the key's rate (else 429 with Retry-After),
/// valid events (else 400 naming the field), JSON or no content type (else 415); then the events are committed and
/// only then answered 2xx. Content never fails intake: what a sender may legally send opens an incident.
/// </summary>
internal static class AlertEndpoints
{
    public const int MaxBodyBytes = 512_000;

    public static void MapAlertEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/alerts/alertmanager/{integrationKey}", (HttpContext context, string integrationKey, AlertIntake intake) =>
                intake.HandleAsync(context, IntegrationKind.Alertmanager, integrationKey))
            .AllowAnonymous().DisableAntiforgery().WithTags("Alerts").WithName("AlertmanagerWebhook");
        endpoints.MapPost("/api/v1/alerts/generic/{integrationKey}", (HttpContext context, string integrationKey, AlertIntake intake) =>
                intake.HandleAsync(context, IntegrationKind.Generic, integrationKey))
            .AllowAnonymous().DisableAntiforgery().WithTags("Alerts").WithName("GenericAlertWebhook");
        endpoints.MapPost("/v2/enqueue", (HttpContext context, AlertIntake intake) =>
                intake.HandleAsync(context, IntegrationKind.EventsV2, null))
            .AllowAnonymous().DisableAntiforgery().WithTags("Alerts").WithName("PagerDutyEventsV2");
    }
}

internal sealed class AlertIntake(IntegrationKeys keys, AlertWriter writer, AlertRateLimiter limiter)
{
    private static readonly string[] JsonParseError = ["JSON parse error"];

    public async Task<IResult> HandleAsync(HttpContext context, IntegrationKind kind, string? key)
    {
        var pagerDuty = kind == IntegrationKind.EventsV2;
        if (!RequestBody.IsJsonOrUnstated(context.Request))
        {
            return Problem(pagerDuty, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the event as application/json.", []);
        }

        var body = await RequestBody.ReadLimitedAsync(context.Request, AlertEndpoints.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Problem(pagerDuty, StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is larger than {AlertEndpoints.MaxBodyBytes:N0} bytes.", []);
        }

        var json = AlertPayloads.TryParse(body);
        if (json is null)
        {
            return pagerDuty
                ? Results.Json(new { status = "Unrecognized object", message = "Event object format is unrecognized", errors = JsonParseError }, statusCode: 400)
                : Problem(false, 400, "Malformed JSON", "The body is not valid JSON.", []);
        }

        ParsedPayload parsed;
        if (pagerDuty)
        {
            (parsed, key) = AlertPayloads.EventsV2(json);
            if (parsed.Errors.Count > 0 && key is not { Length: 32 })
            {
                return Problem(true, 400, "invalid event", "Event object is invalid", parsed.Errors);
            }
        }
        else
        {
            parsed = kind == IntegrationKind.Alertmanager ? AlertPayloads.Alertmanager(json) : AlertPayloads.Generic(json);
        }

        if (await keys.FindAsync(key ?? "", kind, context.RequestAborted) is not { } integration)
        {
            // Unknown and revoked keys look the same from outside.
            return Problem(pagerDuty, 404, "Unknown integration key", "No active integration has this key.", []);
        }

        if (!limiter.TryAcquire(integration.Id, parsed.Events.Count == 0 ? 1 : parsed.Events.Count, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Problem(pagerDuty, 429, "Too many events", "This integration key is over its rate limit; retry after the Retry-After delay.", []);
        }

        if (parsed.Errors.Count > 0)
        {
            return Problem(pagerDuty, 400, "invalid event", "Event object is invalid", parsed.Errors);
        }

        var result = await writer.WriteAsync(new IngestWork(integration, parsed.Events, parsed.TruncatedAlerts, parsed.GroupResolved), context.RequestAborted);
        return pagerDuty
            ? Results.Json(new { status = "success", message = "Event processed", dedup_key = result.DedupKeys.Single() }, statusCode: 202)
            : Results.Json(new { status = "success", events = result.DedupKeys.Count, incidents_opened = result.OpenedIncidents }, statusCode: 202);
    }

    private static IResult Problem(bool pagerDuty, int status, string title, string detail, IReadOnlyList<string> errors) =>
        pagerDuty
            ? Results.Json(new { status = title, message = detail, errors }, statusCode: status)
            : Results.Problem(title: title, detail: detail, statusCode: status,
                extensions: errors.Count == 0 ? null : new Dictionary<string, object?> { ["errors"] = errors });
}

