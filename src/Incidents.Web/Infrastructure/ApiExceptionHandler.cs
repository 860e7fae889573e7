using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Incidents.Web.Infrastructure;

/// <summary>
/// No path under <c>/api</c>, <c>/v2</c> or <c>/health</c> ever answers with the portal's HTML error page: a body that
/// cannot be bound is a 400 naming the field (413 when too large), and an unexpected exception a 500 ProblemDetails
/// (PagerDuty's error shape on <c>/v2/enqueue</c>), logged once with the request id. Pages keep the friendly page.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // With a re-execution path configured, the request's path already reads "/error" here; the feature keeps the real one.
        var path = context.Features.Get<IExceptionHandlerFeature>()?.Path is { Length: > 0 } original ? new PathString(original) : context.Request.Path;
        var api = Auth.AuthSetup.IsApiPath(path);
        if (exception is BadHttpRequestException bad)
        {
            // A malformed request, not a fault of ours: its status (400, 413, 415), never an error page or a 500.
            context.Response.StatusCode = bad.StatusCode;
            if (!api)
            {
                return true;
            }

            var field = (bad.InnerException as JsonException)?.Path is { Length: > 0 } jsonPath ? FieldName(jsonPath) : null;
            var errors = field is null ? null : new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = ["This value is not valid here."] } };
            await WriteAsync(context, path, bad.StatusCode, bad.StatusCode == 413 ? "Payload too large" : "The request is not valid.",
                field is null ? "The request body could not be read." : $"'{field}' has a value of the wrong type or out of range.", errors);
            return true;
        }

        if (!api)
        {
            return false;
        }

        LogUnexpected(logger, exception, context.Request.Method, path, context.TraceIdentifier);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await WriteAsync(context, path, 500, "Internal error", $"The request failed on the server; it was logged as {context.TraceIdentifier}.", null);
        return true;
    }

    private async Task WriteAsync(HttpContext context, PathString path, int status, string title, string detail, Dictionary<string, object?>? extensions)
    {
        if (path.StartsWithSegments("/v2"))
        {
            // PagerDuty's Events API error shape.
            await context.Response.WriteAsJsonAsync(new { status = title, message = detail, errors = Array.Empty<string>(), request_id = context.TraceIdentifier });
            return;
        }

        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (key, value) in extensions ?? [])
        {
            problem.Extensions[key] = value;
        }

        problem.Extensions["requestId"] = context.TraceIdentifier;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>"$.tags[0]" → "tags[0]"; "$.impact" → "impact".</summary>
    private static string FieldName(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed (request {RequestId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path, string requestId);
}
