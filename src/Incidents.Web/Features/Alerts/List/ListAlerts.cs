using Incidents.Domain.Alerts;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Alerts.List;

internal sealed record AlertRow(
    long Id, string Summary, string Source, Severity Severity, AlertStatus Status, string ServiceName, int Count,
    DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, long? IncidentId, string LabelsJson,
    string? DetailsJson = null, string? Link = null, string? LinkText = null)
{
    /// <summary>What the sender put in <c>custom_details</c> (or annotations, or <c>details</c>), one line per leaf.</summary>
    public IReadOnlyList<(string Key, string Value)> Details => AlertDetails.Flatten(DetailsJson);
}

/// <summary>An alert's details as lines to read: nested objects become dotted keys, everything else its JSON text.</summary>
internal static class AlertDetails
{
    public const int MaxLines = 50;

    public static IReadOnlyList<(string Key, string Value)> Flatten(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        System.Text.Json.Nodes.JsonNode? root;
        try
        {
            root = System.Text.Json.Nodes.JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return [("details", json)];
        }

        var lines = new List<(string, string)>();
        Walk(root, "", lines);
        return lines;
    }

    private static void Walk(System.Text.Json.Nodes.JsonNode? node, string key, List<(string, string)> lines)
    {
        if (lines.Count >= MaxLines)
        {
            return;
        }

        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject obj when key.Split('.').Length <= 3:
                foreach (var (name, value) in obj)
                {
                    Walk(value, key.Length == 0 ? name : $"{key}.{name}", lines);
                }

                break;
            case System.Text.Json.Nodes.JsonValue value when value.TryGetValue<string>(out var text):
                lines.Add((key.Length == 0 ? "details" : key, text));
                break;
            default:
                lines.Add((key.Length == 0 ? "details" : key, node?.ToJsonString() ?? "null"));
                break;
        }
    }
}

internal sealed class ListAlerts(IDbContextFactory<IncidentsDbContext> contexts)
{
    public async Task<IReadOnlyList<AlertRow>> HandleAsync(AlertStatus? status, long? serviceId, int take = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = db.Alerts.AsNoTracking();
        if (status is { } s)
        {
            alerts = alerts.Where(a => a.Status == s);
        }

        if (serviceId is { } id)
        {
            alerts = alerts.Where(a => a.ServiceId == id);
        }

        return await alerts.OrderByDescending(a => a.LastSeenAt).ThenByDescending(a => a.Id).Take(take)
            .Select(a => new AlertRow(a.Id, a.Summary, a.Source, a.Severity, a.Status,
                db.Services.Where(x => x.Id == a.ServiceId).Select(x => x.Name).First(),
                a.Count, a.FirstSeenAt, a.LastSeenAt, a.IncidentId, a.LabelsJson, a.DetailsJson, a.Link, a.LinkText))
            .ToListAsync(cancellationToken);
    }
}
