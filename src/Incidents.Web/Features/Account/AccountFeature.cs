using Incidents.Web.Features.Account.Accept;
using Incidents.Web.Features.Account.SignIn;
using Incidents.Web.Features.Account.SignOut;
using Incidents.Web.Features.Account.SingleSignOn;

namespace Incidents.Web.Features.Account;

internal static class AccountFeature
{
    public static WebApplicationBuilder AddAccountFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SignInUser>();
        builder.Services.AddScoped<AcceptInvitation>();
        return builder;
    }

    public static WebApplication MapAccountFeature(this WebApplication app)
    {
        app.MapSignOut();
        app.MapSingleSignOn();
        return app;
    }
}
