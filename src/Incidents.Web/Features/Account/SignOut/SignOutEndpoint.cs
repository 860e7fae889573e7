using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Incidents.Web.Features.Account.SignOut;

internal static class SignOutEndpoint
{
    /// <summary>POST only, with the antiforgery token of the user menu's form: another site cannot sign people out.</summary>
    public static void MapSignOut(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/account/logout", async Task<IResult> (HttpContext context, IAntiforgery antiforgery, SignInManager<ApplicationUser> signIn) =>
            {
                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    return TypedResults.Problem(
                        title: "The sign-out request is missing its antiforgery token.",
                        statusCode: StatusCodes.Status400BadRequest);
                }

                await signIn.SignOutAsync();
                return TypedResults.LocalRedirect("~/account/login?notice=signed-out");
            })
            .AllowAnonymous()
            .DisableAntiforgery();
}
