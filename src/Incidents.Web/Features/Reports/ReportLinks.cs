using Incidents.Web.Features.Catalog.Services;
using Incidents.Web.Features.IncidentManagement.List;

namespace Incidents.Web.Features.Reports;

/// <summary>Where a report's figures lead: the incident list filtered to what a figure counts.</summary>
internal static class ReportLinks
{
    public static string Incidents(ReportFilter f, IReadOnlyList<ServiceRow> services, string? slug = null) => "/incidents" + new IncidentQuery
    {
        Status = StatusFilter.All,
        Severity = f.Severity,
        TeamId = f.ServiceId is null && slug is null ? f.TeamId : null,
        Service = slug ?? (f.ServiceId is { } id ? services.FirstOrDefault(s => s.Id == id)?.Slug : null),
        From = f.From,
        Until = f.Until,
    }.ToQueryString();
}
