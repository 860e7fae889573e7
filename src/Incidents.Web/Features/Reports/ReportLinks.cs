using Incidents.Web.Features.Catalog.Services;
using Incidents.Web.Features.IncidentManagement.List;

namespace Incidents.Web.Features.Reports;

/// <summary>Where a report's figures lead: the incident list filtered to what a figure counts.</summary>
internal static class ReportLinks
{
    /// <summary>
    /// This report page again with its filters kept and its list narrowed: <paramref name="narrowing"/> replaces every key
    /// it names (a null value drops it), and the address ends at the list (<paramref name="anchor"/>).
    /// </summary>
    public static string Narrowed(string currentUri, string path, IReadOnlyDictionary<string, string?> narrowing, string anchor)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(currentUri).Query)
            .Where(p => !narrowing.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        foreach (var (key, value) in narrowing.Where(n => n.Value is not null))
        {
            query[key] = value;
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, query) + "#" + anchor;
    }

    public static string Incidents(ReportFilter f, IReadOnlyList<ServiceRow> services, string? slug = null, bool fromAlerts = false, AnswerFilter? answer = null) => "/incidents" + new IncidentQuery
    {
        FromAlerts = fromAlerts,
        Answer = answer,
        Status = StatusFilter.All,
        Severity = f.Severity,
        TeamId = f.ServiceId is null && slug is null ? f.TeamId : null,
        Service = slug ?? (f.ServiceId is { } id ? services.FirstOrDefault(s => s.Id == id)?.Slug : null),
        From = f.From,
        Until = f.Until,
    }.ToQueryString();
}
