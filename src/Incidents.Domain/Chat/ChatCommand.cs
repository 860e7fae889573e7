using System.Globalization;
using System.Text.RegularExpressions;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;

namespace Incidents.Domain.Chat;

/// <summary>
/// What a chat command needs, declared on the command itself (an abstract member: a command without it does not compile):
/// nothing (it runs before anyone is known), a permission of the person's roles, or an action on an incident, which
/// the domain decides for that person and incident (<see cref="Incidents.Incident.WhyNot"/>).
/// </summary>
public abstract record CommandAccess
{
    public sealed record Anyone : CommandAccess;

    public sealed record Granted(Permission Permission) : CommandAccess;

    public sealed record OnIncident(IncidentAction Action) : CommandAccess;
}

/// <summary>
/// A chat command, parsed the same way from Slack, Teams and the portal's chat panel. Where an incident is optional,
/// a null <c>Incident</c> means "the incident this conversation is about".
/// </summary>
public abstract record ChatCommand
{
    /// <summary>What the person typing it needs.</summary>
    public abstract CommandAccess Needs { get; }

    public sealed record DeclareIncident(string Title, Severity? Severity, string? Service) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.Granted(Permission.LogIncident);
    }

    public sealed record Ack(long? Incident) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.OnIncident(IncidentAction.Acknowledge);
    }

    /// <summary><c>resolve [INC-n] [what resolved it]</c>; serious incidents need the summary.</summary>
    public sealed record Resolve(long? Incident, string? Summary = null) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.OnIncident(IncidentAction.Resolve);
    }

    public sealed record Escalate(long? Incident) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.OnIncident(IncidentAction.Escalate);
    }

    /// <summary><c>note [INC-n] &lt;text&gt;</c>: on the named incident, else the one the conversation is about.</summary>
    public sealed record Note(string Text, long? Incident = null) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.OnIncident(IncidentAction.AddNote);
    }

    public sealed record Status(long? Incident) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.Granted(Permission.ViewPortal);
    }

    public sealed record OnCall(string? Service) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.Granted(Permission.ViewPortal);
    }

    public sealed record Page(string Target, long? Incident) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.Granted(Permission.PagePeople);
    }

    public sealed record List : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.Granted(Permission.ViewPortal);
    }

    public sealed record Postmortem(long? Incident) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.Granted(Permission.ViewPortal);
    }

    /// <summary><c>change CHG-n</c>: one change, where it stands.</summary>
    public sealed record ShowChange(long Change) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.Granted(Permission.ViewPortal);
    }

    /// <summary><c>changes [service]</c>: today's changes (started, planned or recorded today), of one service or all.</summary>
    public sealed record ListChanges(string? Service) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.Granted(Permission.ViewPortal);
    }

    /// <summary>
    /// <c>approve CHG-n [reason]</c> / <c>reject CHG-n &lt;reason&gt;</c> (an approval card's buttons send them): who may decide is
    /// the change's four-eyes rule, checked by the use case.
    /// </summary>
    public sealed record DecideChange(long Change, bool Approve, string? Reason) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.Granted(Permission.ViewPortal);
    }

    public sealed record Help : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.Anyone();
    }

    public sealed record Link(string Code) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.Anyone();
    }

    /// <summary>An answer to a review invitation (the invitation's buttons send it); only the invitee's own answer counts.</summary>
    public sealed record Rsvp(long Meeting, Postmortems.Rsvp Response) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.Granted(Permission.ViewPortal);
    }

    /// <summary>Not understood: the reply is a short usage line, never silence.</summary>
    public sealed record Unknown(string Problem) : ChatCommand
    {
        public override CommandAccess Needs => new CommandAccess.Anyone();
    }
}

public static partial class ChatCommands
{
    public const string Usage =
        "declare <title> [sev1-4] [service] · ack [INC-n] · resolve [INC-n] [what fixed it] · escalate [INC-n] · note [INC-n] <text> · status [INC-n] · " +
        "oncall [service] · page <person|service> [INC-n] · list · postmortem [INC-n] · change <CHG-n> · changes [service] · approve <CHG-n> [why] · reject <CHG-n> <why> · link <code> · help";

    public static ChatCommand Parse(string? input)
    {
        var text = Mention().Replace(input ?? "", " ").Trim();
        if (text.Length == 0)
        {
            return new ChatCommand.Help();
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var verb = words[0].ToLowerInvariant().TrimStart('/');
        var rest = words.Skip(1).ToList();
        var restText = text[words[0].Length..].Trim();
        return verb switch
        {
            "help" or "?" => new ChatCommand.Help(),
            "list" or "ls" => rest.Count == 0 ? new ChatCommand.List() : Unknown("`list` takes nothing after it."),
            "ack" or "acknowledge" => IncidentOnly(rest, i => new ChatCommand.Ack(i), "ack [INC-n]"),
            "resolve" => WithText(rest, restText, (i, summary) => new ChatCommand.Resolve(i, summary)),
            "escalate" => IncidentOnly(rest, i => new ChatCommand.Escalate(i), "escalate [INC-n]"),
            "status" => IncidentOnly(rest, i => new ChatCommand.Status(i), "status [INC-n]"),
            "postmortem" => IncidentOnly(rest, i => new ChatCommand.Postmortem(i), "postmortem [INC-n]"),
            "note" => WithText(rest, restText, (i, note) => note is null ? Unknown("Usage: `note [INC-n] <text>`.") : new ChatCommand.Note(note, i)),
            "oncall" or "on-call" => new ChatCommand.OnCall(rest.Count == 0 ? null : string.Join(' ', rest)),
            "page" => ParsePage(rest),
            "link" => rest.Count == 1 ? new ChatCommand.Link(rest[0].ToUpperInvariant()) : Unknown("Usage: `link <code>` with the code from your portal profile."),
            "declare" => ParseDeclare(rest),
            "rsvp" => ParseRsvp(rest),
            "change" => rest.Count == 1 && ChangeNumber(rest[0]) is { } change ? new ChatCommand.ShowChange(change) : Unknown("Usage: `change <CHG-n>`."),
            "changes" => new ChatCommand.ListChanges(rest.Count == 0 ? null : string.Join(' ', rest)),
            "approve" or "reject" => ParseDecision(verb == "approve", rest, restText),
            _ => Unknown($"I don't know `{words[0]}`."),
        };
    }

    private static ChatCommand ParseRsvp(List<string> rest)
    {
        Postmortems.Rsvp? response = rest.Count == 2 ? rest[1].ToLowerInvariant() switch
        {
            "accept" or "yes" => Postmortems.Rsvp.Accepted,
            "tentative" or "maybe" => Postmortems.Rsvp.Tentative,
            "decline" or "no" => Postmortems.Rsvp.Declined,
            _ => null,
        }
        : null;
        return rest.Count == 2 && long.TryParse(rest[0], NumberStyles.None, CultureInfo.InvariantCulture, out var meeting) && response is { } answer
            ? new ChatCommand.Rsvp(meeting, answer)
            : Unknown("Usage: `rsvp <meeting> accept|tentative|decline` (the invitation's buttons send it for you).");
    }

    private static ChatCommand ParseDecision(bool approve, List<string> rest, string restText)
    {
        if (rest.Count == 0 || ChangeNumber(rest[0]) is not { } change)
        {
            return Unknown(approve ? "Usage: `approve <CHG-n> [why]`." : "Usage: `reject <CHG-n> <why>`.");
        }

        var reason = restText[rest[0].Length..].Trim();
        return new ChatCommand.DecideChange(change, approve, reason.Length == 0 ? null : reason);
    }

    /// <summary>"CHG-42", "chg-42", "#42" or "42".</summary>
    public static long? ChangeNumber(string word)
    {
        var match = ChangePattern().Match(word);
        return match.Success && long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
    }

    /// <summary>"INC-42", "inc-42", "#42" or "42".</summary>
    public static long? IncidentNumber(string word)
    {
        var match = IncidentPattern().Match(word);
        return match.Success && long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
    }

    private static ChatCommand IncidentOnly(List<string> rest, Func<long?, ChatCommand> make, string usage) => rest.Count switch
    {
        0 => make(null),
        1 when IncidentNumber(rest[0]) is { } n => make(n),
        _ => Unknown($"Usage: `{usage}`."),
    };

    /// <summary>An optional incident number first, then free text (null when there is none).</summary>
    private static ChatCommand WithText(List<string> rest, string restText, Func<long?, string?, ChatCommand> make)
    {
        var incident = rest.Count > 0 ? IncidentNumber(rest[0]) : null;
        var text = (incident is null ? restText : restText[rest[0].Length..]).Trim();
        return make(incident, text.Length == 0 ? null : text);
    }

    private static ChatCommand ParsePage(List<string> rest)
    {
        if (rest.Count == 0)
        {
            return Unknown("Usage: `page <person|service> [INC-n]`.");
        }

        long? incident = null;
        if (rest.Count > 1 && IncidentNumber(rest[^1]) is { } n)
        {
            incident = n;
            rest = rest[..^1];
        }

        return new ChatCommand.Page(string.Join(' ', rest).Trim('@'), incident);
    }

    private static ChatCommand ParseDeclare(List<string> rest)
    {
        // declare <title…> [sevN] [service]: a sevN word splits the title from an optional service after it.
        var sevAt = rest.FindIndex(w => SeverityWord().IsMatch(w));
        var titleWords = sevAt >= 0 ? rest[..sevAt] : rest;
        Severity? severity = sevAt >= 0 ? (Severity)int.Parse(rest[sevAt][^1..], CultureInfo.InvariantCulture) : null;
        var service = sevAt >= 0 && sevAt + 1 < rest.Count ? string.Join(' ', rest[(sevAt + 1)..]) : null;
        var title = string.Join(' ', titleWords).Trim('"', '“', '”');
        return title.Length == 0 ? Unknown("Usage: `declare <title> [sev1-4] [service]`.") : new ChatCommand.DeclareIncident(title, severity, service);
    }

    private static ChatCommand.Unknown Unknown(string problem) => new(problem);

    [GeneratedRegex(@"<@[A-Z0-9]+(\|[^>]*)?>|<at>[^<]*</at>", RegexOptions.IgnoreCase)]
    private static partial Regex Mention();

    [GeneratedRegex(@"^(?:INC-|#)?(?<n>\d{1,18})$", RegexOptions.IgnoreCase)]
    private static partial Regex IncidentPattern();

    [GeneratedRegex(@"^(?:CHG-|#)?(?<n>\d{1,18})$", RegexOptions.IgnoreCase)]
    private static partial Regex ChangePattern();

    [GeneratedRegex(@"^sev[1-4]$", RegexOptions.IgnoreCase)]
    private static partial Regex SeverityWord();
}
