using System.Text.RegularExpressions;

namespace Incidents.Domain.Incidents;

/// <summary>
/// "@ana" in a note or a status update: the handle is the part of a person's email address before the "@"
/// (ana@example.com is @ana). Addresses, code and a trailing full stop are not mentions.
/// </summary>
public static partial class Mentions
{
    public const int MaxPerText = 20;

    /// <summary>The distinct handles mentioned in <paramref name="text"/>, lower-case, at most <see cref="MaxPerText"/>.</summary>
    public static IReadOnlyList<string> In(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var withoutCode = Code().Replace(text, " ");
        return Handle().Matches(withoutCode)
            .Select(m => m.Groups["handle"].Value.TrimEnd('.', '-', '_').ToLowerInvariant())
            .Where(h => h.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxPerText)
            .ToList();
    }

    /// <summary>The handle a person is mentioned by, from their email address; null when they have none.</summary>
    public static string? HandleOf(string? email) =>
        email?.IndexOf('@', StringComparison.Ordinal) is > 0 and var at ? email[..at].ToLowerInvariant() : null;

    [GeneratedRegex(@"(?<![\w@.+-])@(?<handle>[A-Za-z0-9][A-Za-z0-9._+-]{0,63})(?![\w@])", RegexOptions.CultureInvariant)]
    private static partial Regex Handle();

    [GeneratedRegex(@"```[\s\S]*?```|`[^`\n]*`", RegexOptions.CultureInvariant)]
    private static partial Regex Code();
}
