using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Incidents.Testing;
using Microsoft.Playwright;

/// <summary>
/// People watching while alerts pour in, against a running app (bench/wrk/run.sh starts it): signed-in viewers keep
/// <c>/incidents</c> open, each its own Blazor circuit, while probe alerts, each opening its own incident, are sent every
/// half second. Measures, per probe: sent → the row reaching every open list, and accepted → first page notification (a
/// loopback webhook receiver, the address seed-demo's <c>--paging-webhook</c> gave every person). Prints READY when the
/// viewers are open, so the load generator starts with them.
/// <para>
/// Viewers are Blazor circuits driven over the protocol (<see cref="BlazorCircuitViewer"/>: the server does all it does
/// for a browser, and the row counts as shown when the render batch holding it arrives), or with <c>--browsers</c> real
/// Chromium pages (a MutationObserver notes when the probe's title appears). On this two-core machine twenty Chromiums
/// laying out the page take what the app needs even at the idle scheduling class, so the browsers measure the machine
/// more than the app; the circuits measure what people watching cost the server.
/// </para>
/// </summary>
internal static class WatchersBenchmark
{
    private const string Observer = """
        (run) => {
          window.__seen = {};
          const note = (text) => {
            for (const m of text.matchAll(new RegExp('Probe (\\d+) of run ' + run, 'g'))) {
              if (!(m[1] in window.__seen)) window.__seen[m[1]] = performance.timeOrigin + performance.now();
            }
          };
          note(document.body.innerText);
          new MutationObserver(records => {
            for (const r of records) {
              if (r.type === 'characterData') note(r.target.data || '');
              for (const n of r.addedNodes) note(n.textContent || '');
            }
          }).observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """;

    public static async Task RunAsync(string baseUrl, string eventsKey, int viewers, int seconds, int receiverPort, string password, bool browsers)
    {
        var run = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var notified = new ConcurrentDictionary<string, double>();
        await using var receiver = new LoopbackReceiver($"http://127.0.0.1:{receiverPort}/", (_, body) =>
        {
            notified.TryAdd(JsonDocument.Parse(body).RootElement.GetProperty("incident").GetProperty("title").GetString()!, Now());
            return null;
        });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = LowestPriority(Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE") ?? "/usr/bin/chromium"),
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync", "--no-first-run"],
        });

        // One sign-in; each viewer is its own browser context (cookies copied), so its own circuit.
        var signIn = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        var first = await signIn.NewPageAsync();
        await first.GotoAsync("/account/login");
        await first.FillAsync("#email", "responder@demo.test");
        await first.FillAsync("#password", password);
        await first.ClickAsync("[data-testid=sign-in]");
        await first.Locator("[data-testid=dashboard-heading]").WaitForAsync();
        var state = await signIn.StorageStateAsync();

        // Per viewer: when each probe's title first reached it.
        var seenBy = new List<ConcurrentDictionary<string, double>>();
        var pages = new List<IPage>();
        var circuits = new List<BlazorCircuitViewer>();
        if (browsers)
        {
            for (var v = 0; v < viewers; v++)
            {
                var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, StorageState = state });
                var page = await context.NewPageAsync();
                await page.GotoAsync("/incidents");
                await page.Locator("[data-testid=circuit-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
                await page.EvaluateAsync(Observer, run);
                pages.Add(page);
            }
        }
        else
        {
            var cookies = new CookieContainer();
            foreach (var cookie in await signIn.CookiesAsync())
            {
                cookies.Add(new System.Net.Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
            }

            // The browser was only for signing in; from here on the viewers speak Blazor's protocol themselves.
            await browser.CloseAsync();
            var probeTitle = new System.Text.RegularExpressions.Regex($"Probe (\\d+) of run {run}");
            for (var v = 0; v < viewers; v++)
            {
                var seen = new ConcurrentDictionary<string, double>();
                var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                seenBy.Add(seen);
                circuits.Add(await BlazorCircuitViewer.OpenAsync(new Uri(baseUrl), "incidents", cookies, (batch, at) =>
                {
                    var text = Encoding.UTF8.GetString(batch);
                    if (text.Contains("circuit-ready", StringComparison.Ordinal))
                    {
                        ready.TrySetResult();
                    }

                    foreach (System.Text.RegularExpressions.Match m in probeTitle.Matches(text))
                    {
                        seen.TryAdd(m.Groups[1].Value, at);
                    }
                }));
                if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(30))) != ready.Task)
                {
                    throw new InvalidOperationException($"Viewer {v} never became interactive: {circuits[^1].Error ?? "no render batch said circuit-ready"}");
                }
            }
        }

        Console.WriteLine($"READY: {viewers} signed-in viewers on /incidents ({(browsers ? "Chromium pages" : "Blazor circuits over the protocol")})");
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var accepted = new ConcurrentDictionary<int, double>();
        var refused = 0;
        var probes = Environment.GetEnvironmentVariable("NO_PROBES") is null ? seconds * 2 : 0;
        var sends = new List<Task>();
        var start = Now();
        for (var n = 0; n < probes; n++)
        {
            var due = start + (n * 500.0);
            while (Now() < due)
            {
                await Task.Delay(5);
            }

            var probe = n;
            sends.Add(Task.Run(async () =>
            {
                // From the moment it is sent (not the 202): this process shares the cores too, and a late-read answer
                // must not make the figure look better.
                var sent = Now();
                var title = Title(probe, run);
                var body = $$$"""{"routing_key":"{{{eventsKey}}}","event_action":"trigger","dedup_key":"probe-{{{run}}}-{{{probe}}}","payload":{"summary":"{{{title}}}","source":"probe","severity":"critical","group":"probe-{{{run}}}-{{{probe}}}"}}""";
                using var response = await http.PostAsync("v2/enqueue", new StringContent(body, Encoding.UTF8, "application/json"));
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted[probe] = sent;
                }
                else
                {
                    Interlocked.Increment(ref refused);
                }
            }));
        }

        await Task.WhenAll(sends);
        if (probes == 0)
        {
            await Task.Delay(seconds * 1000);
        }

        // Stragglers: up to 5 s for the last probes to show and page.
        await Task.Delay(5_000);
        foreach (var page in pages)
        {
            seenBy.Add(new ConcurrentDictionary<string, double>(await page.EvaluateAsync<Dictionary<string, double>>("() => window.__seen")));
        }

        foreach (var circuit in circuits)
        {
            if (circuit.Error is { } error)
            {
                Console.WriteLine($"a viewer's circuit failed: {error}");
            }

            await circuit.DisposeAsync();
        }

        var shown = new List<double>();
        var missing = 0;
        foreach (var seen in seenBy)
        {
            foreach (var (probe, at) in accepted)
            {
                if (seen.TryGetValue(probe.ToString(CultureInfo.InvariantCulture), out var when))
                {
                    shown.Add(Math.Max(0, when - at));
                }
                else
                {
                    missing++;
                }
            }
        }

        var paged = accepted.Where(a => notified.ContainsKey(Title(a.Key, run))).Select(a => Math.Max(0, notified[Title(a.Key, run)] - a.Value)).ToList();
        Console.WriteLine($"probes accepted: {accepted.Count} of {probes} (refused {refused})");
        Report("sent → shown in each open list", shown, missing);
        Report("sent → first page notification", paged, accepted.Count - paged.Count);
    }

    /// <summary>
    /// The browsers stand for people's own machines. Sharing this box's two cores, twenty Chromiums rendering without a
    /// GPU took 1.3 of them (measured with top) and starved the app and wrk alike; at the idle scheduling class (SCHED_IDLE,
    /// which every Chromium process inherits from this wrapper; Chromium sets its own nice values, so nice would not do) they get what the server leaves, and the circuits, queries and
    /// renders they cause on the server are what is measured.
    /// </summary>
    private static string LowestPriority(string chromium)
    {
        var wrapper = Path.Combine(Path.GetTempPath(), "incidents-bench-chromium-nice.sh");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec chrt --idle 0 {chromium} \"$@\"\n");
        if (OperatingSystem.IsWindows())
        {
            return chromium;
        }

        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return wrapper;
    }

    private static string Title(int probe, string run) => $"Probe {probe} of run {run}";

    private static double Now() => DateTimeOffset.UtcNow.UtcTicks / 10_000.0 - 62_135_596_800_000.0;

    private static void Report(string name, List<double> samples, int missing)
    {
        if (samples.Count == 0)
        {
            Console.WriteLine($"{name}: no samples ({missing} missing)");
            return;
        }

        var sorted = samples.Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: p50 {P(0.5):F0} ms, p95 {P(0.95):F0} ms, p99 {P(0.99):F0} ms, max {sorted[^1]:F0} ms ({sorted.Length} samples, {missing} missing)"));
    }
}
