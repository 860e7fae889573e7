using Incidents.Web.Features.Audit.Browse;

namespace Incidents.Web.Features.Audit;

/// <summary>The audit trail: written by the interceptor every database context saves through, read on the audit page.</summary>
internal static class AuditFeature
{
    public static WebApplicationBuilder AddAuditFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditInterceptor>();
        builder.Services.AddSingleton<BrowseAuditTrail>();
        return builder;
    }
}
