using System.Globalization;
using System.Text.Json.Nodes;
using Incidents.Domain.Alerts;
using Incidents.Web.Infrastructure;

namespace Incidents.Web.Features.Alerts.Ingest;

/// <summary>Parsed events, or the reasons the payload is not acceptable (each naming the field).</summary>
internal sealed record ParsedPayload(IReadOnlyList<AlertEvent> Events, IReadOnlyList<string> Errors)
{
    /// <summary>Alertmanager's <c>truncatedAlerts</c>: alerts of the group left out of this notification (<c>max_alerts</c>).</summary>
    public int TruncatedAlerts { get; init; }

    /// <summary>Alertmanager's top-level <c>status</c> is <c>resolved</c>: every alert it sent is resolved.</summary>
    public bool GroupResolved { get; init; }

    public static ParsedPayload Invalid(params string[] errors) => new([], errors);
}

/// <summary>The three inbound formats, normalized to <see cref="AlertEvent"/>. Unknown fields are ignored.</summary>
internal static class AlertPayloads
{
    /// <summary>Alertmanager webhook, payload version 4: every alert of the batch, each with its own status.</summary>
    public static ParsedPayload Alertmanager(JsonNode root)
    {
        if (root is not JsonObject body || body["alerts"] is not JsonArray alerts)
        {
            return ParsedPayload.Invalid("alerts: required array is missing.");
        }

        var groupKey = Text(body["groupKey"]);
        var truncated = body["truncatedAlerts"] is JsonValue t && t.TryGetValue<int>(out var n) && n > 0 ? n : 0;
        var events = new List<AlertEvent>();
        var errors = new List<string>();
        for (var i = 0; i < alerts.Count; i++)
        {
            if (alerts[i] is not JsonObject alert)
            {
                errors.Add($"alerts[{i}]: not an object.");
                continue;
            }

            var labels = Strings(alert["labels"]);
            var annotations = Strings(alert["annotations"]);
            var status = Text(alert["status"]);
            if (status is not ("firing" or "resolved"))
            {
                errors.Add($"alerts[{i}].status: must be \"firing\" or \"resolved\".");
                continue;
            }

            var fingerprint = Text(alert["fingerprint"]);
            var alertName = NullIfEmpty(labels.GetValueOrDefault("alertname"))?.Trim();
            var identity = string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
            var key = Alert.DedupKeyFrom(fingerprint ?? (identity.Length > 0 ? identity : groupKey ?? "alertmanager"));
            var severity = Alert.SeverityOrWarning(labels.GetValueOrDefault("severity"));
            events.Add(new AlertEvent(
                status == "firing" ? AlertAction.Trigger : AlertAction.Resolve,
                key,
                NullIfEmpty(annotations.GetValueOrDefault("summary"))?.Trim() ?? "",
                NullIfEmpty(labels.GetValueOrDefault("instance"))?.Trim() ?? alertName ?? "Alertmanager",
                severity,
                Time(Text(alert["startsAt"])),
                groupKey,
                labels,
                alert["annotations"]?.ToJsonString(),
                NullIfEmpty(Text(alert["generatorURL"])),
                alertName,
                NullIfEmpty(Text(alert["generatorURL"])) is null ? null : "Prometheus"));
        }

        return new ParsedPayload(errors.Count == 0 ? events : [], errors) { TruncatedAlerts = truncated, GroupResolved = Text(body["status"]) == "resolved" };
    }

    /// <summary>PagerDuty Events API v2 with PagerDuty's validation rules.</summary>
    public static (ParsedPayload Payload, string? RoutingKey) EventsV2(JsonNode root)
    {
        if (root is not JsonObject body)
        {
            return (ParsedPayload.Invalid("Event object format is unrecognized"), null);
        }

        var errors = new List<string>();
        var routingKey = Text(body["routing_key"]);
        if (routingKey is null)
        {
            errors.Add("'routing_key' is missing or blank");
        }
        else if (routingKey.Length != 32)
        {
            errors.Add("Length of 'routing_key' is incorrect (should be 32 characters)");
        }

        var action = Text(body["event_action"]);
        var parsedAction = action switch
        {
            "trigger" => AlertAction.Trigger,
            "acknowledge" => AlertAction.Acknowledge,
            "resolve" => AlertAction.Resolve,
            _ => (AlertAction?)null,
        };
        if (parsedAction is null)
        {
            errors.Add("'event_action' must be one of trigger, acknowledge, resolve");
        }

        var dedupKey = Text(body["dedup_key"]);
        if (dedupKey is { Length: > 255 })
        {
            errors.Add("Length of 'dedup_key' must be at most 255 characters");
        }

        if (dedupKey is null && parsedAction is AlertAction.Acknowledge or AlertAction.Resolve)
        {
            errors.Add("'dedup_key' is required for acknowledge and resolve events");
        }

        string summary = "", source = "";
        var severity = Domain.Incidents.Severity.Sev3;
        DateTimeOffset? timestamp = null;
        string? group = null;
        JsonObject? payload = body["payload"] as JsonObject;
        if (parsedAction == AlertAction.Trigger)
        {
            if (payload is null)
            {
                errors.Add("'payload' is missing");
            }
            else
            {
                summary = Text(payload["summary"]) ?? "";
                source = Text(payload["source"]) ?? "";
                if (summary.Length == 0)
                {
                    errors.Add("'payload.summary' is missing or blank");
                }
                else if (summary.Length > 1024)
                {
                    errors.Add("Length of 'payload.summary' must be at most 1024 characters");
                }

                if (source.Length == 0)
                {
                    errors.Add("'payload.source' is missing or blank");
                }

                if (!Alert.TryParseSeverity(Text(payload["severity"]), out severity) || Text(payload["severity"]) is not ("critical" or "error" or "warning" or "info"))
                {
                    errors.Add("'payload.severity' must be one of critical, error, warning, info");
                }

                if (Text(payload["timestamp"]) is { } ts)
                {
                    timestamp = Time(ts);
                    if (timestamp is null)
                    {
                        errors.Add("'payload.timestamp' is not a valid ISO 8601 timestamp");
                    }
                }

                group = Text(payload["group"]);
            }
        }

        foreach (var (link, i) in (body["links"] as JsonArray ?? []).Select((l, i) => (l, i)))
        {
            if (Text(link?["href"]) is null)
            {
                errors.Add($"'links[{i}].href' is missing");
            }
        }

        foreach (var (image, i) in (body["images"] as JsonArray ?? []).Select((l, i) => (l, i)))
        {
            var src = Text(image?["src"]);
            if (src is null || !src.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"'images[{i}].src' must be an HTTPS URL");
            }
        }

        if (errors.Count > 0)
        {
            return (ParsedPayload.Invalid([.. errors]), routingKey);
        }

        var labels = new Dictionary<string, string>();
        foreach (var name in new[] { "component", "group", "class" })
        {
            if (Text(payload?[name]) is { } value)
            {
                labels[name] = value;
            }
        }

        var e = new AlertEvent(
            parsedAction!.Value,
            dedupKey ?? Guid.NewGuid().ToString("N"),
            summary,
            source,
            severity,
            timestamp,
            group,
            labels,
            payload?["custom_details"]?.ToJsonString(),
            Text((body["links"] as JsonArray)?.FirstOrDefault()?["href"]),
            // Without a dedup key of the sender's, the summary is what a recurrence shares (the generated key is not).
            dedupKey is null ? summary : null,
            NullIfEmpty(Text((body["links"] as JsonArray)?.FirstOrDefault()?["text"])));
        return (new ParsedPayload([e], []), routingKey);
    }

    /// <summary>
    /// The generic shape: <c>{"action":"trigger|acknowledge|resolve","dedup_key","summary","source","severity",
    /// "group","link","link_text","labels":{…},"details":{…}}</c>, or an array of those.
    /// </summary>
    public static ParsedPayload Generic(JsonNode root)
    {
        var items = root is JsonArray array ? array.ToList() : [root];
        if (items.Count == 0)
        {
            return ParsedPayload.Invalid("body: an empty array holds no event; send an object or an array of at least one.");
        }

        var events = new List<AlertEvent>();
        var errors = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = root is JsonArray ? $"[{i}]." : "";
            if (items[i] is not JsonObject item)
            {
                errors.Add(root is JsonArray ? $"[{i}]: not an object." : "body: not an object or an array of objects.");
                continue;
            }

            var action = (Text(item["action"]) ?? "trigger") switch
            {
                "trigger" => AlertAction.Trigger,
                "acknowledge" => AlertAction.Acknowledge,
                "resolve" => AlertAction.Resolve,
                _ => (AlertAction?)null,
            };
            var summary = Text(item["summary"])?.Trim();
            var source = Text(item["source"])?.Trim() ?? "generic";
            var key = Text(item["dedup_key"]);
            if (action is null)
            {
                errors.Add($"{prefix}action: must be trigger, acknowledge or resolve.");
            }

            if (key is null && action is not AlertAction.Trigger)
            {
                errors.Add($"{prefix}dedup_key: required to acknowledge or resolve.");
            }

            if (key is { Length: > 255 })
            {
                errors.Add($"{prefix}dedup_key: at most 255 characters.");
            }

            if (errors.Count > 0)
            {
                continue;
            }

            var severity = Alert.SeverityOrWarning(Text(item["severity"]));
            // Without a summary the event still opens an incident ("Alert from <source>"); the key then falls back to that.
            summary ??= $"Alert from {source}";
            events.Add(new AlertEvent(action!.Value, Alert.DedupKeyFrom(key ?? summary), summary, source, severity,
                null, Text(item["group"]), Strings(item["labels"]), item["details"]?.ToJsonString(), Text(item["link"]), LinkText: NullIfEmpty(Text(item["link_text"]))));
        }

        return new ParsedPayload(errors.Count == 0 ? events : [], errors);
    }

    private static string? Text(JsonNode? node) => StrictJson.Text(node);

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static Dictionary<string, string> Strings(JsonNode? node) =>
        node is JsonObject obj
            ? obj.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString())
            : [];

    /// <summary>Lenient: accepts Go's nanosecond RFC 3339 and PagerDuty's "+0000" offsets; Go's zero time means none.</summary>
    private static DateTimeOffset? Time(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) && t.Year > 1
            ? t.ToUniversalTime()
            : null;

    public static JsonNode? TryParse(ReadOnlySpan<byte> body) => StrictJson.TryParse(body);
}
