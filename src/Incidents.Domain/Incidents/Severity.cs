namespace Incidents.Domain.Incidents;

/// <summary>SEV1 (critical) … SEV4 (low), derived from ITIL priority.</summary>
public enum Severity
{
    Sev1 = 1,
    Sev2 = 2,
    Sev3 = 3,
    Sev4 = 4,
}

public enum Impact
{
    High,
    Medium,
    Low,
}

public enum Urgency
{
    High,
    Medium,
    Low,
}

public static class SeverityNames
{
    /// <summary>
    /// Whether <paramref name="severity"/> is <paramref name="threshold"/> or worse (SEV1 is the worst): the one reading of
    /// every "at or above" setting (paging, postmortems, the team channel).
    /// </summary>
    public static bool IsAtOrAbove(this Severity severity, Severity threshold) => severity <= threshold;

    public static string Label(this Severity severity) => severity switch
    {
        Severity.Sev1 => "SEV1",
        Severity.Sev2 => "SEV2",
        Severity.Sev3 => "SEV3",
        Severity.Sev4 => "SEV4",
    };

    public static string Describe(this Severity severity) => severity switch
    {
        Severity.Sev1 => "Critical",
        Severity.Sev2 => "High",
        Severity.Sev3 => "Moderate",
        Severity.Sev4 => "Low",
    };

    public static bool TryParse(string? text, out Severity severity)
    {
        severity = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var digits = text.Trim().ToUpperInvariant().Replace("SEV", "", StringComparison.Ordinal);
        if (int.TryParse(digits, out var n) && n is >= 1 and <= 4)
        {
            severity = (Severity)n;
            return true;
        }

        return false;
    }
}
