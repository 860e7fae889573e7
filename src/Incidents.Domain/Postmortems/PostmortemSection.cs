namespace Incidents.Domain.Postmortems;

/// <summary>What a section holds: prose, the timeline table, or the countermeasures list.</summary>
public enum PostmortemSectionKind
{
    Text,
    Timeline,
    Countermeasures,
}

/// <summary>
/// One section of a postmortem, as the editor, the Markdown export and the print view show it, in <see cref="All"/>'s
/// order. <see cref="Key"/> is what review comments are attached to; a text section reads and writes its part of the
/// <see cref="PostmortemContent"/> through <see cref="Read"/> and <see cref="Write"/>.
/// </summary>
public sealed record PostmortemSection(
    string Key,
    string Title,
    string? Hint,
    PostmortemSectionKind Kind,
    Func<PostmortemContent, string?> Read,
    Func<PostmortemContent, string?, PostmortemContent> Write)
{
    public static readonly PostmortemSection Summary = Text("summary", "Summary", "What happened, in a few sentences anyone can follow.",
        c => c.Summary, (c, v) => c with { Summary = v });

    public static readonly PostmortemSection CustomerImpact = Text("impact", "Customer impact", "Who was affected, how, for how long; numbers where you have them.",
        c => c.CustomerImpact, (c, v) => c with { CustomerImpact = v });

    public static readonly PostmortemSection Timeline = new("timeline", "Timeline",
        "Drafted from the incident: keep the lines that tell the story, edit them, add what happened outside the tool.",
        PostmortemSectionKind.Timeline, _ => null, (c, _) => c);

    public static readonly PostmortemSection RootCause = Text("rootcause", "Root cause", "The cause, not the culprit. Record it on a problem so a recurrence is caught.",
        c => c.RootCause, (c, v) => c with { RootCause = v });

    public static readonly PostmortemSection WentWell = Text("wentwell", "What went well", null, c => c.WentWell, (c, v) => c with { WentWell = v });

    public static readonly PostmortemSection WentBadly = Text("wentbadly", "What went badly", null, c => c.WentBadly, (c, v) => c with { WentBadly = v });

    public static readonly PostmortemSection GotLucky = Text("lucky", "Where we got lucky", null, c => c.GotLucky, (c, v) => c with { GotLucky = v });

    public static readonly PostmortemSection Countermeasures = new("countermeasures", "Countermeasures",
        "What we change so it does not happen again. Software fixes go to the team's backlog.", PostmortemSectionKind.Countermeasures, _ => null, (c, _) => c);

    /// <summary>Every section, in the order a postmortem is read.</summary>
    public static IReadOnlyList<PostmortemSection> All { get; } = [Summary, CustomerImpact, Timeline, RootCause, WentWell, WentBadly, GotLucky, Countermeasures];

    /// <summary>Whether review comments may be attached to <paramref name="key"/>.</summary>
    public static bool Exists(string key) => All.Any(s => s.Key == key);

    private static PostmortemSection Text(string key, string title, string? hint, Func<PostmortemContent, string?> read, Func<PostmortemContent, string?, PostmortemContent> write) =>
        new(key, title, hint, PostmortemSectionKind.Text, read, write);
}
