namespace Incidents.Domain;

/// <summary>What a command did: succeeded, or why not, in words a person can act on.</summary>
public sealed record Outcome
{
    private Outcome(OutcomeKind kind, string? error, string? note = null)
    {
        Kind = kind;
        Error = error;
        Note = note;
    }

    public OutcomeKind Kind { get; }

    public string? Error { get; }

    /// <summary>Something the person should know about a success (e.g. "you are the commander now"), or null.</summary>
    public string? Note { get; }

    public bool Succeeded => Kind == OutcomeKind.Succeeded;

    public static Outcome Success { get; } = new(OutcomeKind.Succeeded, null);

    /// <summary>A success with something worth telling the person who did it.</summary>
    public static Outcome SucceededWith(string note) => new(OutcomeKind.Succeeded, null, note);

    /// <summary>The input was wrong (maps to 400).</summary>
    public static Outcome Invalid(string error) => new(OutcomeKind.Invalid, error);

    /// <summary>The target does not exist (maps to 404).</summary>
    public static Outcome NotFound(string error) => new(OutcomeKind.NotFound, error);

    /// <summary>This person may not do it (maps to 403); the message says who can.</summary>
    public static Outcome Forbidden(string error) => new(OutcomeKind.Forbidden, error);

    /// <summary>The current state does not allow it (maps to 409).</summary>
    public static Outcome Conflict(string error) => new(OutcomeKind.Conflict, error);
}

public enum OutcomeKind
{
    Succeeded,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}
