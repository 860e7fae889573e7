using System.Globalization;

namespace Incidents.Web.Features.Demo;

/// <summary>A mistake on the <c>seed-demo</c> command line: said in one line, exit code 2, nothing written.</summary>
internal sealed class DemoArgumentException(string message) : Exception(message);

/// <summary><c>seed-demo</c>'s command line, checked whole before anything is written.</summary>
internal sealed record DemoArguments
{
    public const string Usage = """
        Usage: dotnet run --project src/Incidents.Web -- seed-demo [options]

        Fills the database with demo data and exits. Running it again adds only what is missing.

          --incidents <n>             incidents in total (default 1000; 0 for none)
          --people-password <pw>      also creates one person per role (admin@demo.test … viewer@demo.test) with this
                                      password, teams with members, on-call, problems and postmortems
          --escalation-seconds <n>    how long each escalation level waits (default 300)
          --paging-webhook <url>      gives every demo person a webhook contact method there
          --alertmanager-key <key>    an Alertmanager integration with this key
          --events-key <key>          an Events API v2 integration with this key
          --backlog-github <url>      connects every team's backlog to this GitHub API
          --history <yes|no>          also the alerts behind the incidents and the pages they caused, for the reports
                                      (default no)
          --help                      this text
        """;

    private static readonly HashSet<string> Valued =
    [
        "--incidents", "--people-password", "--escalation-seconds", "--paging-webhook", "--alertmanager-key", "--events-key", "--backlog-github", "--history",
    ];

    public bool Help { get; init; }

    public int Incidents { get; init; } = 1_000;

    public string? PeoplePassword { get; init; }

    public int EscalationSeconds { get; init; } = 5 * 60;

    public string? PagingWebhook { get; init; }

    public string? AlertmanagerKey { get; init; }

    public string? EventsKey { get; init; }

    public string? BacklogGitHub { get; init; }

    /// <summary>Alerts and pages behind the seeded incidents (alert noise and on-call burden in the reports).</summary>
    public bool History { get; init; }

    /// <summary>Parses what follows <c>seed-demo</c>; throws <see cref="DemoArgumentException"/> on anything it does not know.</summary>
    public static DemoArguments Parse(IReadOnlyList<string> args)
    {
        var start = args.ToList().IndexOf("seed-demo") + 1;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = start; i < args.Count; i++)
        {
            var flag = args[i];
            if (flag is "--help" or "-h" or "-?")
            {
                return new DemoArguments { Help = true };
            }

            if (!Valued.Contains(flag))
            {
                throw new DemoArgumentException($"seed-demo does not know `{flag}`; `seed-demo --help` lists what it takes.");
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new DemoArgumentException($"{flag} needs a value.");
            }

            if (!values.TryAdd(flag, args[++i]))
            {
                throw new DemoArgumentException($"{flag} is given twice.");
            }
        }

        return new DemoArguments
        {
            Incidents = values.TryGetValue("--incidents", out var n) ? Whole("--incidents", n, 0, 10_000_000) : 1_000,
            PeoplePassword = values.GetValueOrDefault("--people-password"),
            EscalationSeconds = values.TryGetValue("--escalation-seconds", out var s) ? Whole("--escalation-seconds", s, 1, 24 * 60 * 60) : 5 * 60,
            PagingWebhook = values.TryGetValue("--paging-webhook", out var w) ? Url("--paging-webhook", w) : null,
            AlertmanagerKey = values.GetValueOrDefault("--alertmanager-key"),
            EventsKey = values.GetValueOrDefault("--events-key"),
            BacklogGitHub = values.TryGetValue("--backlog-github", out var g) ? Url("--backlog-github", g) : null,
            History = values.TryGetValue("--history", out var h) && (h switch
            {
                "yes" => true,
                "no" => false,
                _ => throw new DemoArgumentException($"--history takes yes or no, not `{h}`."),
            }),
        };
    }

    private static int Whole(string flag, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new DemoArgumentException($"{flag} takes a whole number from {min:N0} to {max:N0}, not `{text}`.");

    private static string Url(string flag, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? text
            : throw new DemoArgumentException($"{flag} takes an http(s) address, not `{text}`.");
}
