using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Incidents.E2E;

/// <summary>
/// A real Prometheus Alertmanager (Debian's prometheus-alertmanager, installed by .ci/run) sends its webhook to the
/// running app: an alert posted to Alertmanager's own API opens an incident, and ending the alert resolves it.
/// </summary>
public sealed class AlertmanagerTests : IAsyncLifetime
{
    private const string Key = "demoalertmanagerkey0000000000001";
    private AppProcess app = default!;
    private Process? alertmanager;
    private string folder = "";
    private static readonly HttpClient Http = new();
    private Uri amBase = default!;

    public async Task InitializeAsync()
    {
        app = await AppProcess.StartSeededAsync("--incidents", "0", "--alertmanager-key", Key);
        folder = app.DataFolder;

        var binary = Executables.OnPath("prometheus-alertmanager", "alertmanager")
            ?? throw new InvalidOperationException("prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager); .ci/run installs it.");
        var port = AppProcess.FreePort();
        var config = Path.Combine(folder, "alertmanager.yml");
        await File.WriteAllTextAsync(config, $"""
            route:
              group_by: ['alertname']
              group_wait: 1s
              group_interval: 2s
              repeat_interval: 1h
              receiver: incidents
              routes:
                - matchers: ['team="db"']
                  receiver: incidents-max-one
            receivers:
              - name: incidents
                webhook_configs:
                  - url: '{app.BaseAddress}api/v1/alerts/alertmanager/{Key}'
                    send_resolved: true
              - name: incidents-max-one
                webhook_configs:
                  - url: '{app.BaseAddress}api/v1/alerts/alertmanager/{Key}'
                    send_resolved: true
                    max_alerts: 1
            """);
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            $"--config.file={config}", $"--storage.path={Path.Combine(folder, "am-data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", $"--web.external-url=http://127.0.0.1:{port}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        alertmanager = Process.Start(start)!;
        alertmanager.OutputDataReceived += (_, _) => { };
        alertmanager.ErrorDataReceived += (_, _) => { };
        alertmanager.BeginOutputReadLine();
        alertmanager.BeginErrorReadLine();
        amBase = new Uri($"http://127.0.0.1:{port}/");
        await Until(async () => (await TryGetAsync("-/ready")) == HttpStatusCode.OK, "Alertmanager to be ready");
    }

    public async Task DisposeAsync()
    {
        if (alertmanager is { HasExited: false })
        {
            alertmanager.Kill(entireProcessTree: true);
            await alertmanager.WaitForExitAsync();
        }

        alertmanager?.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task RealAlertmanager_FiringThenEnded_IncidentOpensThenResolves()
    {
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(-5).ToString("O");
        await PostAlertAsync(startsAt, endsAt: null);

        await Until(async () => await ScalarAsync("SELECT COUNT(*) FROM Incidents WHERE Status = 0") == 1, "the incident to open");
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM Alerts WHERE Status = 0"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM Incidents WHERE Severity = 1"));

        await PostAlertAsync(startsAt, endsAt: DateTimeOffset.UtcNow.ToString("O"));

        await Until(async () => await ScalarAsync("SELECT COUNT(*) FROM Incidents WHERE Status = 3") == 1, "the incident to resolve");
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM Alerts WHERE Status = 2"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM Incidents"));
    }

    [Fact]
    public async Task RealAlertmanager_MaxAlertsOne_TwoAlertsInAGroup_NotResolvedWhileTheSecondStillFires()
    {
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(-5).ToString("O");
        await PostDbAlertAsync("db-1", startsAt, endsAt: null);
        await PostDbAlertAsync("db-2", startsAt, endsAt: null);

        // Each notification carries one alert; the incident records that one more was left out.
        await Until(async () => await ScalarAsync("SELECT COUNT(*) FROM Incidents WHERE TruncatedAlerts = 1") == 1, "the truncated notification");
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM Incidents"));

        // One of the two ends: Alertmanager's notifications stay truncated, so the incident must stay open.
        await PostDbAlertAsync("db-1", startsAt, endsAt: DateTimeOffset.UtcNow.ToString("O"));
        var watched = Stopwatch.StartNew();
        while (watched.Elapsed < TimeSpan.FromSeconds(8))
        {
            Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM Incidents WHERE Status = 3"));
            await Task.Delay(250);
        }

        // Both ended. Alertmanager truncates before it computes the top-level status and drops resolved alerts once it
        // has notified them, so with max_alerts: 1 a complete notification may never come: the incident then stays open
        // (the page says why) rather than resolve on a partial view. It is never resolved while a notification was cut.
        await PostDbAlertAsync("db-2", startsAt, endsAt: DateTimeOffset.UtcNow.ToString("O"));
        watched.Restart();
        while (watched.Elapsed < TimeSpan.FromSeconds(8))
        {
            Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM Incidents WHERE Status = 3 AND TruncatedAlerts > 0"));
            await Task.Delay(250);
        }

        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM Incidents WHERE (Status = 3 AND TruncatedAlerts = 0) OR (Status = 0 AND TruncatedAlerts > 0)"));
    }

    private async Task PostDbAlertAsync(string instance, string startsAt, string? endsAt)
    {
        var ends = endsAt is null ? "" : $",\"endsAt\":\"{endsAt}\"";
        var json = $$"""[{"labels":{"alertname":"ReplicationLag","team":"db","severity":"critical","instance":"{{instance}}"},"annotations":{"summary":"Replication lag above 30 s"},"startsAt":"{{startsAt}}"{{ends}}}]""";
        var response = await Http.PostAsync(new Uri(amBase, "api/v2/alerts"), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task PostAlertAsync(string startsAt, string? endsAt)
    {
        var ends = endsAt is null ? "" : $",\"endsAt\":\"{endsAt}\"";
        var json = $$"""[{"labels":{"alertname":"CheckoutErrors","service":"checkout","severity":"critical","instance":"web-1"},"annotations":{"summary":"Checkout 5xx above 5%"},"startsAt":"{{startsAt}}"{{ends}},"generatorURL":"http://prometheus.local/graph"}]""";
        var response = await Http.PostAsync(new Uri(amBase, "api/v2/alerts"), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "incidents.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<HttpStatusCode?> TryGetAsync(string path)
    {
        try
        {
            return (await Http.GetAsync(new Uri(amBase, path))).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Waited 45 s for {what}.");
    }
}
