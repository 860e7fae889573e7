using System.Globalization;
using System.Text.Json.Nodes;
using Incidents.Domain.Incidents;

namespace Incidents.Web.Features.Chat.Slack;

/// <summary>Block Kit for the bot's messages: the page card (with its buttons) and command replies.</summary>
internal static class SlackMessages
{
    public const string Ack = "incident_ack";
    public const string Escalate = "incident_escalate";
    public const string Resolve = "incident_resolve";

    /// <summary>A button that runs the chat command in its value (review invitations' RSVP).</summary>
    public const string Command = "chat_command";

    /// <summary>A button that runs its command followed by what was typed in the message's input block (a reason).</summary>
    public const string CommandWithInput = "chat_input_command";

    /// <summary>The block and element ids of a message's one input, read from block_actions' state.</summary>
    public const string InputBlock = "chat_input";
    public const string InputElement = "text";

    /// <summary>The command each button runs, through the same layer as typed commands.</summary>
    public static string? CommandFor(string actionId, string value) => actionId switch
    {
        Ack => $"ack INC-{value}",
        Escalate => $"escalate INC-{value}",
        Resolve => $"resolve INC-{value}",
        _ when actionId.StartsWith(Command, StringComparison.Ordinal) => value,
        _ => null,
    };

    /// <summary>The command a button runs; one that takes input gets the typed text (from the payload's state) appended.</summary>
    public static string? CommandFor(string actionId, string value, string? typed) =>
        actionId.StartsWith(CommandWithInput, StringComparison.Ordinal) ? ChatMessage.WithInput(value, typed) : CommandFor(actionId, value);

    /// <summary>A settled card (an approval given): the answer in place of the question, no buttons.</summary>
    public static JsonArray Settled(string text) => new(Section(Escape(text)));

    /// <summary>A titled message with Markdown text, an optional link and command buttons.</summary>
    public static JsonArray Message(ChatMessage message)
    {
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = message.Title.Length > 150 ? message.Title[..150] : message.Title } },
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Escape(message.Text) } },
        };
        if (message.Input is { } input)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "input",
                ["block_id"] = InputBlock,
                ["optional"] = true,
                ["label"] = PlainText(input.Label),
                ["element"] = new JsonObject { ["type"] = "plain_text_input", ["action_id"] = InputElement, ["placeholder"] = PlainText(input.Placeholder) },
            });
        }

        var elements = new JsonArray();
        foreach (var action in message.Actions)
        {
            var button = new JsonObject
            {
                ["type"] = "button",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = action.Label },
                ["action_id"] = $"{(action.TakesInput ? CommandWithInput : Command)}:{elements.Count}",
                ["value"] = action.Command,
            };
            if (action.Primary)
            {
                button["style"] = "primary";
            }

            elements.Add(button);
        }

        if (message.Link is { } link)
        {
            elements.Add(new JsonObject
            {
                ["type"] = "button",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = message.LinkLabel ?? "Open in Incidents" },
                ["action_id"] = "open_link",
                ["url"] = link.ToString(),
            });
        }

        if (elements.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "actions", ["elements"] = elements });
        }

        return blocks;
    }

    public static string Fallback(ChatIncident incident) =>
        $"{incident.Severity.Label()} {incident.Number} {incident.Title} ({incident.Service}, {incident.Status.ToString().ToLowerInvariant()})";

    /// <summary>Number, title, severity, service and status, with Acknowledge / Escalate / Resolve / Open in portal.</summary>
    public static JsonArray Card(ChatIncident incident, string? headline = null)
    {
        var id = incident.Id.ToString(CultureInfo.InvariantCulture);
        var blocks = new JsonArray();
        if (headline is not null)
        {
            blocks.Add(Section(headline));
        }

        blocks.Add(Section($"*<{incident.Link}|{incident.Number}>* {Escape(incident.Title)}"));
        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(
                Markdown($"*{incident.Severity.Label()}*"),
                Markdown(Escape(incident.Service)),
                Markdown($"Status: *{incident.Status}*"),
                Markdown(incident.Commander is null ? "No commander yet" : $"Commander: {Escape(incident.Commander)}")),
        });
        var buttons = new JsonArray();
        if (incident.Allows(IncidentAction.Acknowledge))
        {
            buttons.Add(Button("Acknowledge", Ack, id, "primary"));
        }

        if (incident.Allows(IncidentAction.Escalate))
        {
            buttons.Add(Button("Escalate", Escalate, id, null));
        }

        if (incident.Allows(IncidentAction.Resolve))
        {
            buttons.Add(Button("Resolve", Resolve, id, "danger"));
        }

        buttons.Add(new JsonObject
        {
            ["type"] = "button",
            ["text"] = PlainText("Open in portal"),
            ["url"] = incident.Link.ToString(),
            ["action_id"] = "incident_open",
        });
        blocks.Add(new JsonObject { ["type"] = "actions", ["block_id"] = $"incident-{id}", ["elements"] = buttons });
        return blocks;
    }

    /// <summary>A command's answer: its text, the incident card, or a short list.</summary>
    public static (string Text, JsonArray Blocks) Reply(ChatReply reply)
    {
        if (reply.Incident is { } incident)
        {
            return (reply.Text, Card(incident, Escape(reply.Text)));
        }

        var blocks = new JsonArray(Section(Escape(reply.Text)));
        foreach (var item in reply.Incidents ?? [])
        {
            blocks.Add(Section($"*<{item.Link}|{item.Number}>* {item.Severity.Label()} · {Escape(item.Title)} · {Escape(item.Service)} · {item.Status}"));
        }

        return (reply.Text, blocks);
    }

    private static JsonObject Section(string markdown) => new() { ["type"] = "section", ["text"] = Markdown(markdown) };

    private static JsonObject Markdown(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static JsonObject Button(string text, string actionId, string value, string? style)
    {
        var button = new JsonObject { ["type"] = "button", ["text"] = PlainText(text), ["action_id"] = actionId, ["value"] = value };
        if (style is not null)
        {
            button["style"] = style;
        }

        return button;
    }

    /// <summary>Slack's three control characters in text.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
