namespace Incidents.Domain.Changes;

/// <summary>
/// The documented procedure of one change type: an ordered checklist, versioned. Publishing an edit makes a new
/// version (the old ones stay, so every change keeps the version it followed); a process or training countermeasure
/// may be named as the reason for the new version.
/// </summary>
public sealed class ChangeProcedure
{
    public const int MaxSteps = 30;
    public const int MaxStepLength = 200;
    public const int MaxNoteLength = 1_000;
    private List<string> steps = [];

    private ChangeProcedure()
    {
    }

    public long Id { get; private set; }

    public ChangeType Type { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<string> Steps => steps;

    /// <summary>Why this version was written (the first one: the default process).</summary>
    public string? Note { get; private set; }

    public string PublishedByName { get; private set; } = "";

    public DateTimeOffset PublishedAt { get; private set; }

    /// <summary>The process or training countermeasure this version carries out, if any.</summary>
    public long? CountermeasureId { get; private set; }

    /// <summary>The default procedures, from a real release process.</summary>
    public static IReadOnlyList<string> DefaultSteps(ChangeType type) => type switch
    {
        ChangeType.Normal =>
        [
            "Described and estimated", "Authorized", "Code reviewed and checked in", "Tested in QA", "Release planned",
            "Deployed", "Verified in production", "Signed off",
        ],
        ChangeType.Standard => ["Matches its standard change template", "Deployed", "Verified in production", "Signed off"],
        ChangeType.Emergency => ["Why it could not wait is recorded", "Deployed", "Verified in production", "Approved after the fact by two people", "Signed off"],
    };

    public static ChangeProcedure Default(ChangeType type, DateTimeOffset at) => new()
    {
        Type = type,
        Version = 1,
        steps = [.. DefaultSteps(type)],
        Note = "The default procedure.",
        PublishedByName = Actor.System.Name,
        PublishedAt = at,
    };

    public static string? Validate(IReadOnlyList<string> steps, string? note)
    {
        var clean = steps.Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        if (clean.Count == 0)
        {
            return "A procedure has at least one step.";
        }

        if (clean.Count > MaxSteps)
        {
            return $"Keep a procedure to {MaxSteps} steps.";
        }

        if (clean.Any(s => s.Length > MaxStepLength))
        {
            return $"Keep each step within {MaxStepLength} characters.";
        }

        if (clean.Distinct(StringComparer.OrdinalIgnoreCase).Count() != clean.Count)
        {
            return "Each step appears once.";
        }

        return string.IsNullOrWhiteSpace(note) || note.Trim().Length > MaxNoteLength
            ? $"Say what changed and why (at most {MaxNoteLength:N0} characters): it stays with the version."
            : null;
    }

    /// <summary>The next version of this procedure, with its steps, why, who and (optionally) the countermeasure it carries out.</summary>
    public (Outcome Outcome, ChangeProcedure? Next) Revise(IReadOnlyList<string> newSteps, string? note, long? countermeasureId, Actor by, DateTimeOffset at)
    {
        if (Validate(newSteps, note) is { } error)
        {
            return (Outcome.Invalid(error), null);
        }

        var clean = newSteps.Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        if (clean.SequenceEqual(steps, StringComparer.Ordinal))
        {
            return (Outcome.Conflict("The steps are the same as the current version's."), null);
        }

        return (Outcome.Success, new ChangeProcedure
        {
            Type = Type,
            Version = Version + 1,
            steps = clean,
            Note = note!.Trim(),
            PublishedByName = by.Name,
            PublishedAt = at,
            CountermeasureId = countermeasureId,
        });
    }
}

/// <summary>One step of its procedure that a change has done: which, by whom and when.</summary>
public sealed class ChangeStepDone
{
    private ChangeStepDone()
    {
    }

    public ChangeStepDone(int step, string title, Actor by, DateTimeOffset at)
    {
        Step = step;
        Title = title;
        ById = by.Id;
        ByName = by.Name;
        At = at;
    }

    public long Id { get; private set; }

    public long ChangeId { get; private set; }

    public int Step { get; private set; }

    public string Title { get; private set; } = "";

    public string? ById { get; private set; }

    public string ByName { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}
