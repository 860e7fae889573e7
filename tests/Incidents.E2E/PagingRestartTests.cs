using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Incidents.Testing;

namespace Incidents.E2E;

/// <summary>
/// The paging outbox survives a crash: an alert pages level 1, the app is killed before the escalation timeout,
/// restarted after it, and level 2 is paged exactly once (and level 1 not again).
/// </summary>
public sealed class PagingRestartTests : IAsyncLifetime, IAsyncDisposable
{
    private const string Key = "demoalertmanagerkey0000000000002";
    private const int EscalationSeconds = 8;
    private readonly ConcurrentQueue<(string Path, DateTime At)> pages = new();
    private LoopbackReceiver receiver = null!;
    private string hook = "";

    public Task InitializeAsync()
    {
        hook = $"http://127.0.0.1:{AppProcess.FreePort()}/page/";
        receiver = new LoopbackReceiver(hook, (path, _) =>
        {
            pages.Enqueue((path, DateTime.UtcNow));
            return null;
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    ValueTask IAsyncDisposable.DisposeAsync() => receiver.DisposeAsync();

    private int Count(string role) => pages.Count(p => p.Path == $"/page/{role}");

    [Fact]
    public async Task KilledBeforeTheTimeout_RestartedAfterIt_NextLevelPagedExactlyOnce()
    {
        var data = AppProcess.NewDataFolder();
        await AppProcess.RunCommandAsync(data, "seed-demo", "--incidents", "0", "--people-password", "Demo-Password-1",
            "--alertmanager-key", Key, "--escalation-seconds", EscalationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--paging-webhook", hook.TrimEnd('/'));
        var environment = new Dictionary<string, string> { ["Paging__Webhook__SigningSecret"] = "process-test-secret" };
        var app = await AppProcess.StartAsync(data, environment);
        try
        {
            using var http = new HttpClient { BaseAddress = app.BaseAddress };
            var alert = """
                {"version":"4","groupKey":"{}:{alertname=\"CheckoutDown\"}","status":"firing","receiver":"incidents","groupLabels":{"alertname":"CheckoutDown"},
                 "commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager","truncatedAlerts":0,
                 "alerts":[{"status":"firing","labels":{"alertname":"CheckoutDown","severity":"critical"},"annotations":{"summary":"Checkout is down"},
                   "startsAt":"2026-11-22T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus","fingerprint":"abc123"}]}
                """;
            var response = await http.PostAsync($"api/v1/alerts/alertmanager/{Key}", new StringContent(alert, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

            // Level 1 (the schedule: Riley, the responder) is paged at once.
            await Until(() => Count("responder") == 1, TimeSpan.FromSeconds(10), "level 1 to be paged");
            var paged = pages.Single().At;
            app.Kill();
            Assert.True(DateTime.UtcNow - paged < TimeSpan.FromSeconds(EscalationSeconds), "killed before the escalation timeout");
            Assert.Equal(0, Count("admin"));

            // Down past the timeout; then back.
            var wait = paged + TimeSpan.FromSeconds(EscalationSeconds + 2) - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            await app.DisposeAsync();
            app = await AppProcess.StartAsync(data, environment);
            await Until(() => Count("admin") >= 1, TimeSpan.FromSeconds(15), "level 2 to be paged after the restart");
            await Task.Delay(TimeSpan.FromSeconds(3)); // time for a duplicate to show up, if there were one

            Assert.Equal(1, Count("admin"));
            Assert.Equal(1, Count("responder"));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task Until(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }
}
