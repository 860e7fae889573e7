using Incidents.Domain;

namespace Incidents.Web.Infrastructure;

/// <summary>A failed <see cref="Outcome"/> as an HTTP ProblemDetails answer.</summary>
internal static class OutcomeResults
{
    public static IResult Problem(Outcome outcome) => TypedResults.Problem(
        title: outcome.Kind switch
        {
            OutcomeKind.Invalid => "The request is not valid.",
            OutcomeKind.NotFound => "Not found.",
            OutcomeKind.Forbidden => "You may not do this.",
            OutcomeKind.Conflict => "The current state does not allow this.",
            OutcomeKind.Succeeded => "OK",
        },
        detail: outcome.Error,
        statusCode: outcome.Kind switch
        {
            OutcomeKind.Invalid => StatusCodes.Status400BadRequest,
            OutcomeKind.NotFound => StatusCodes.Status404NotFound,
            OutcomeKind.Forbidden => StatusCodes.Status403Forbidden,
            OutcomeKind.Conflict => StatusCodes.Status409Conflict,
            OutcomeKind.Succeeded => StatusCodes.Status200OK,
        });
}
