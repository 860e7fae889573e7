using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.Demo;
using Incidents.Web.Features.IncidentManagement.List;
using Incidents.Web.Features.IncidentManagement.Show;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

// Load harness for the incident list and page (issue: Incidents core, performance).
//   dotnet run -c Release --project bench/Incidents.Bench -- --incidents 1000000 --iterations 2000 --data /tmp/incidents-bench
// Seeds the database once (reused on later runs), then measures server-side latency of each view.
internal static class Harness
{
    /// <summary>Runs each scenario <paramref name="warmUp"/> times, then <paramref name="iterations"/> timed runs, and prints a Markdown row of percentiles.</summary>
    public static async Task MeasureAsync(IEnumerable<(string Name, Func<Task> Run)> scenarios, int iterations, int warmUp)
    {
        Console.WriteLine();
        Console.WriteLine($"| scenario ({iterations:N0} runs each) | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, run) in scenarios)
        {
            for (var i = 0; i < warmUp; i++)
            {
                await run();
            }

            var samples = new double[iterations];
            for (var i = 0; i < iterations; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await run();
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            Array.Sort(samples);
            Console.Out.Flush();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {P(samples, 0.50):F2} | {P(samples, 0.95):F2} | {P(samples, 0.99):F2} | {samples[^1]:F2} |"));
        }

        static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }

    public static async Task Main(string[] args)
    {
        var incidents = Option("--incidents", 1_000_000);
        var iterations = Option("--iterations", 2_000);
        var data = OptionText("--data", Path.Combine(Path.GetTempPath(), "incidents-bench"));
        const string Password = "Bench-Password-1";

        // The app's own folder is its content root, as under `dotnet run`.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Incidents.sln")))
        {
            root = root.Parent;
        }

        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_INCIDENTS_WEB", Path.Combine(root!.FullName, "src", "Incidents.Web"));
        if (OptionText("--scenario", "incidents") == "chat")
        {
            await ChatBenchmark.RunAsync(data, Option("--presses", 200));
            return;
        }

        if (OptionText("--scenario", "incidents") == "paging")
        {
            await PagingBenchmark.RunAsync(data, Option("--alerts", 200), Option("--rate", 20), Option("--escalation-seconds", 3));
            return;
        }

        if (OptionText("--scenario", "incidents") == "watchers")
        {
            await WatchersBenchmark.RunAsync(OptionText("--base", "http://127.0.0.1:5097/"), OptionText("--events-key", "benchmarkeventsv2key000000000001"),
                Option("--viewers", 20), Option("--seconds", 20), Option("--receiver-port", 5098), Password,
                browsers: args.Contains("--browsers"));
            return;
        }

        if (OptionText("--scenario", "incidents") == "changes")
        {
            await ChangesBenchmark.RunAsync(data, Option("--changes", 100_000), Option("--incidents", 10_000), iterations);
            return;
        }

        if (OptionText("--scenario", "incidents") == "reports")
        {
            await ReportsBenchmark.RunAsync(data, incidents, iterations, Password, SignInAsync);
            return;
        }

        if (OptionText("--scenario", "incidents") == "alerts")
        {
            await AlertIngestBenchmark.RunAsync(data, Option("--events", 60_000), Option("--clients", 64));
            return;
        }

        await using var app = new BenchApp(data);
        var services = app.Services;
        await using (var db = await services.GetRequiredService<IDbContextFactory<IncidentsDbContext>>().CreateDbContextAsync())
        {
            var existing = await db.Incidents.CountAsync();
            if (existing < incidents)
            {
                var demo = services.GetRequiredService<DemoData>();
                await demo.SeedPeopleAsync(Password);
                var seedTimer = Stopwatch.StartNew();
                await demo.SeedAsync(incidents - existing);
                Console.WriteLine($"Seeded {incidents - existing:N0} incidents (with timelines) in {seedTimer.Elapsed.TotalSeconds:F1} s");
            }

            Console.WriteLine($"Incidents in the database: {await db.Incidents.CountAsync():N0}; timeline entries: {await db.Timeline.CountAsync():N0}");
        }

        var list = services.GetRequiredService<ListIncidents>();
        var show = services.GetRequiredService<ShowIncident>();
        var random = new Random(7);
        var maxId = incidents;
        var browser = await SignInAsync(app);

        var scenarios = new (string Name, Func<Task> Run)[]
        {
            ("List: default view (open, newest first)", () => list.HandleAsync(new IncidentQuery(), null)),
            ("List: all, SEV2, one service", () => list.HandleAsync(new IncidentQuery { Status = StatusFilter.All, Severity = Severity.Sev2, Service = "checkout-api" }, null)),
            ("List: resolved, one team, page 5", () => list.HandleAsync(new IncidentQuery { Status = StatusFilter.Resolved, TeamId = 1, Page = 5 }, null)),
            ("List: all, sorted by severity", () => list.HandleAsync(new IncidentQuery { Status = StatusFilter.All, Sort = IncidentSort.Severity }, null)),
            ("List: search title words", () => list.HandleAsync(new IncidentQuery { Status = StatusFilter.All, Search = "Disk nearly" }, null)),
            ("List: search title words, other case", () => list.HandleAsync(new IncidentQuery { Status = StatusFilter.All, Search = "disk NEARLY" }, null)),
            ("List: search by number", () => list.HandleAsync(new IncidentQuery { Status = StatusFilter.All, Search = $"INC-{random.Next(1, maxId)}" }, null)),
            ("Incident: details + timeline", () => show.HandleAsync(random.Next(1, maxId))),
            ("HTTP GET /incidents (prerendered page)", () => browser.GetStringAsync("/incidents")),
            ("HTTP GET /incidents?status=all&severity=sev2&service=checkout-api", () => browser.GetStringAsync("/incidents?status=all&severity=sev2&service=checkout-api")),
            ("HTTP GET /incidents/{id} (prerendered page)", () => browser.GetStringAsync($"/incidents/{random.Next(1, maxId)}")),
        };

        await MeasureAsync(scenarios, iterations, warmUp: 300);

        int Option(string name, int fallback) =>
            Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

        string OptionText(string name, string fallback) =>
            Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;

        static async Task<HttpClient> SignInAsync(BenchApp app)
        {
            var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            var html = await client.GetStringAsync("/account/login");
            var token = Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"(?<v>[^\"]+)\"").Groups["v"].Value;
            var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["_handler"] = "sign-in",
                ["Input.Email"] = "admin@demo.test",
                ["Input.Password"] = Password,
            }));
            return response.StatusCode == HttpStatusCode.Redirect ? client : throw new InvalidOperationException("Sign-in failed.");
        }
    }
}

internal sealed class BenchApp : WebApplicationFactory<Program>
{
    private readonly string dataFolder;
    private readonly IReadOnlyDictionary<string, string> settings;

    public BenchApp(string dataFolder, int? kestrelPort = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        this.dataFolder = dataFolder;
        this.settings = settings ?? new Dictionary<string, string>();
        if (kestrelPort is { } port)
        {
            UseKestrel(port);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:DataDirectory", dataFolder);
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Alerts:EventsPerMinutePerKey", "10000000");
        builder.UseSetting("Paging:Webhook:SigningSecret", "bench-secret");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}
