using Incidents.Web.Features.ApiKeys.Authenticate;
using Incidents.Web.Features.ApiKeys.Manage;
using Microsoft.AspNetCore.Authentication;

namespace Incidents.Web.Features.ApiKeys;

/// <summary>People's API keys: issued and revoked on their profile, and the scheme that signs a request in with one.</summary>
internal static class ApiKeysFeature
{
    public static WebApplicationBuilder AddApiKeysFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ManageApiKeys>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        return builder;
    }
}
