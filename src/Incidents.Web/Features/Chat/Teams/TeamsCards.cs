using System.Globalization;
using System.Text.Json.Nodes;
using Incidents.Domain.Incidents;

namespace Incidents.Web.Features.Chat.Teams;

/// <summary>Adaptive Cards (schema 1.5) for Teams: the incident card with Action.Execute buttons, and replies.</summary>
internal static class TeamsCards
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>The id of a message's one Input.Text, merged into an Action.Execute's data when pressed.</summary>
    public const string InputId = "chatInput";

    public static string? CommandFor(string? verb, JsonNode? data) => (verb, data?["incidentId"]?.ToString()) switch
    {
        ("ack", { } id) => $"ack INC-{id}",
        ("escalate", { } id) => $"escalate INC-{id}",
        ("resolve", { } id) => $"resolve INC-{id}",
        // A button that runs the chat command it carries (review invitations' RSVP); with the typed input when it takes it
        // (Action.Execute merges the card's inputs into its data).
        ("command", _) when data?["command"] is JsonValue command && command.TryGetValue<string>(out var text) =>
            data["withInput"] is JsonValue flag && flag.TryGetValue<bool>(out var withInput) && withInput
                ? ChatMessage.WithInput(text, data[InputId] is JsonValue typed && typed.TryGetValue<string>(out var input) ? input : null)
                : text,
        _ => null,
    };

    /// <summary>A titled message with Markdown text, command buttons (Action.Execute) and an optional link.</summary>
    public static JsonObject MessageActivity(ChatMessage message)
    {
        var actions = new JsonArray();
        foreach (var action in message.Actions)
        {
            actions.Add(new JsonObject
            {
                ["type"] = "Action.Execute",
                ["title"] = action.Label,
                ["verb"] = "command",
                ["data"] = action.TakesInput ? new JsonObject { ["command"] = action.Command, ["withInput"] = true } : new JsonObject { ["command"] = action.Command },
                ["style"] = action.Primary ? "positive" : "default",
            });
        }

        if (message.Link is { } link)
        {
            actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = message.LinkLabel ?? "Open in Incidents", ["url"] = link.ToString() });
        }

        var body = new JsonArray(
            new JsonObject { ["type"] = "TextBlock", ["text"] = message.Title, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
            new JsonObject { ["type"] = "TextBlock", ["text"] = message.Text, ["wrap"] = true });
        if (message.Input is { } input)
        {
            body.Add(new JsonObject { ["type"] = "Input.Text", ["id"] = InputId, ["label"] = input.Label, ["placeholder"] = input.Placeholder, ["maxLength"] = 2000 });
        }

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
            ["actions"] = actions,
        };
        return new JsonObject { ["type"] = "message", ["summary"] = message.Title, ["attachments"] = new JsonArray(Attachment(card)) };
    }

    public static JsonObject Card(ChatIncident incident, string? headline = null)
    {
        var id = incident.Id.ToString(CultureInfo.InvariantCulture);
        var body = new JsonArray();
        if (headline is not null)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = headline, ["wrap"] = true, ["weight"] = "Bolder" });
        }

        body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = $"{incident.Number} · {incident.Title}", ["wrap"] = true, ["size"] = "Medium", ["weight"] = "Bolder" });
        body.Add(new JsonObject
        {
            ["type"] = "FactSet",
            ["facts"] = new JsonArray(
                Fact("Severity", incident.Severity.Label()),
                Fact("Service", incident.Service),
                Fact("Status", incident.Status.ToString()),
                Fact("Commander", incident.Commander ?? "nobody yet")),
        });
        var actions = new JsonArray();
        if (incident.Allows(IncidentAction.Acknowledge))
        {
            actions.Add(Execute("Acknowledge", "ack", id));
        }

        if (incident.Allows(IncidentAction.Escalate))
        {
            actions.Add(Execute("Escalate", "escalate", id));
        }

        if (incident.Allows(IncidentAction.Resolve))
        {
            actions.Add(Execute("Resolve", "resolve", id));
        }

        actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open in portal", ["url"] = incident.Link.ToString() });
        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
            ["actions"] = actions,
        };
    }

    /// <summary>A message activity: a command's answer as text, with the incident card when there is one.</summary>
    public static JsonObject Message(ChatReply reply)
    {
        var activity = new JsonObject { ["type"] = "message", ["text"] = reply.Text };
        if (reply.Incident is { } incident)
        {
            activity["attachments"] = new JsonArray(Attachment(Card(incident)));
        }
        else if (reply.Incidents is { Count: > 0 } incidents)
        {
            activity["text"] = reply.Text + "\n\n" + string.Join("\n\n", incidents.Select(i => $"- [{i.Number}]({i.Link}) {i.Severity.Label()} · {i.Title} · {i.Service} · {i.Status}"));
        }

        return activity;
    }

    public static JsonObject CardActivity(ChatIncident incident, string? headline, bool alert) => new()
    {
        ["type"] = "message",
        ["summary"] = $"{incident.Severity.Label()} {incident.Number} {incident.Title}",
        ["attachments"] = new JsonArray(Attachment(Card(incident, headline))),
        ["channelData"] = alert ? new JsonObject { ["notification"] = new JsonObject { ["alert"] = true } } : null,
    };

    /// <summary>A settled card (an approval given): the answer in place of the question, no buttons.</summary>
    public static JsonObject Settled(string text) => new()
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["version"] = "1.5",
        ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true }),
    };

    public static JsonObject Attachment(JsonObject card) => new() { ["contentType"] = ContentType, ["content"] = card };

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static JsonObject Execute(string title, string verb, string id) => new()
    {
        ["type"] = "Action.Execute",
        ["title"] = title,
        ["verb"] = verb,
        ["data"] = new JsonObject { ["incidentId"] = id },
    };
}
