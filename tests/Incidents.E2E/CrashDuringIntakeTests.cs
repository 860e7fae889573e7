using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Incidents.Testing;
using Microsoft.Data.Sqlite;

namespace Incidents.E2E;

/// <summary>
/// "A page is never lost", tried for real: concurrent Events v2 load (a new incident per alert) against the app as its
/// own process, killed with SIGKILL at random moments and restarted. For every request answered 202: its alert is
/// stored once, its incident exists, and its escalation paged exactly once (a loopback webhook receiver counts
/// notifications by delivery id).
/// </summary>
public sealed class CrashDuringIntakeTests : IAsyncLifetime, IAsyncDisposable
{
    private const string Key = "crashtesteventsv2key000000000001";
    private const int Kills = 3;
    private const int Workers = 8;
    private const int MinAcceptedPerPhase = 25;
    private readonly ConcurrentQueue<(long DeliveryId, string Incident)> received = new();
    private LoopbackReceiver receiver = null!;
    private string hook = "";

    public Task InitializeAsync()
    {
        hook = $"http://127.0.0.1:{AppProcess.FreePort()}/page/";
        receiver = new LoopbackReceiver(hook, (_, json) =>
        {
            var body = JsonDocument.Parse(json).RootElement;
            received.Enqueue((body.GetProperty("delivery_id").GetInt64(), body.GetProperty("incident").GetProperty("number").GetString()!));
            return null;
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    ValueTask IAsyncDisposable.DisposeAsync() => receiver.DisposeAsync();

    [Fact]
    public async Task KilledAtRandomDuringIntake_EveryAcceptedAlertStoredOnceAndPagedExactlyOnce()
    {
        var data = AppProcess.NewDataFolder();
        await AppProcess.RunCommandAsync(data, "seed-demo", "--incidents", "0", "--people-password", "Demo-Password-1", "--events-key", Key,
            "--escalation-seconds", "3600", "--paging-webhook", hook.TrimEnd('/'));
        var environment = new Dictionary<string, string>
        {
            ["Paging__Webhook__SigningSecret"] = "crash-test-secret",
            ["Alerts__EventsPerMinutePerKey"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var accepted = new ConcurrentBag<string>();
        var random = new Random(20261201);
        var sent = 0;

        for (var round = 0; round <= Kills; round++)
        {
            var app = await AppProcess.StartAsync(data, environment);
            try
            {
                if (round == Kills)
                {
                    // The last start: no load, only catching up on what the crashes left.
                    // A step claimed by a killed process is taken over when its lease (10 s) runs out.
                    await WaitForPagingAsync(data, accepted, TimeSpan.FromSeconds(45));
                    break;
                }

                using var phase = new CancellationTokenSource();
                using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                var load = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
                {
                    for (var i = 0; !phase.IsCancellationRequested; i++)
                    {
                        var dedup = $"r{round}-w{worker}-{i}";
                        Interlocked.Increment(ref sent);
                        try
                        {
                            using var response = await http.PostAsync("v2/enqueue", new StringContent(Event(dedup), Encoding.UTF8, "application/json"), phase.Token);
                            if (response.StatusCode == HttpStatusCode.Accepted)
                            {
                                accepted.Add(dedup);
                            }
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
                        {
                            // The process died under this request: no answer, no promise.
                            await Task.Delay(20, CancellationToken.None);
                        }
                    }
                })).ToList();

                // Killed at a random moment once this phase has real load behind it (a slow CI machine sends less per second).
                var before = accepted.Count;
                var loaded = Stopwatch.StartNew();
                while (accepted.Count - before < MinAcceptedPerPhase && loaded.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(20);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 1_500)));
                app.Kill(); // SIGKILL, mid-load
                await phase.CancelAsync();
                await Task.WhenAll(load);
            }
            finally
            {
                await app.DisposeAsync();
            }
        }

        Assert.True(accepted.Count >= 50, $"only {accepted.Count} of {sent} alerts were accepted; the test needs load to mean anything");
        await using var db = new SqliteConnection($"Data Source={Path.Combine(data, "incidents.db")};Mode=ReadOnly");
        await db.OpenAsync();
        var byKey = await RowsAsync(db, "SELECT a.DedupKey, COUNT(*), MAX(a.IncidentId), (SELECT COUNT(*) FROM Incidents i WHERE i.Id = MAX(a.IncidentId)) FROM Alerts a GROUP BY a.DedupKey");
        var pagesPerIncident = (await RowsAsync(db, "SELECT IncidentId, COUNT(*) FROM Pages WHERE RunId IS NOT NULL GROUP BY IncidentId")).ToDictionary(r => (long)r[0], r => (long)r[1]);
        var uncertain = (await RowsAsync(db, "SELECT IncidentId FROM Deliveries WHERE Status IN ('Uncertain', 'Sending')")).Select(r => (long)r[0]).ToHashSet();
        var notified = received.GroupBy(r => r.Incident).ToDictionary(g => g.Key, g => g.Select(r => r.DeliveryId).ToList());
        var alerts = byKey.ToDictionary(r => (string)r[0]);
        var problems = new List<string>();
        foreach (var key in accepted)
        {
            if (!alerts.TryGetValue(key, out var row))
            {
                problems.Add($"{key}: answered 202 but not stored");
                continue;
            }

            var (count, incidentId, incidentExists) = ((long)row[1], row[2] is long id ? id : 0, (long)row[3]);
            var number = $"INC-{incidentId}";
            var deliveries = notified.GetValueOrDefault(number) ?? [];
            if (count != 1 || incidentExists != 1)
            {
                problems.Add($"{key}: {count} alert rows, incident {number} exists: {incidentExists}");
            }
            else if (pagesPerIncident.GetValueOrDefault(incidentId) != 1)
            {
                var timeline = await RowsAsync(db, $"SELECT Kind, Text FROM Timeline WHERE IncidentId = {incidentId} ORDER BY Id");
                problems.Add($"{number}: {pagesPerIncident.GetValueOrDefault(incidentId)} level-1 pages (timeline: {string.Join(" | ", timeline.Select(r => $"{r[0]} {r[1]}"))})");
            }
            else if (deliveries.Count > 1 || deliveries.Distinct().Count() != deliveries.Count)
            {
                problems.Add($"{number}: notified {deliveries.Count} times");
            }
            else if (deliveries.Count == 0 && !uncertain.Contains(incidentId))
            {
                // Only a send that the kill itself interrupted may be missing here: claimed ("Sending") when the process died,
                // it becomes Uncertain when its lease ends (at-most-once webhooks are never repeated blindly, so a second
                // 3 am call cannot happen) and falls back to the person's next contact method.
                var states = await RowsAsync(db, $"SELECT Status, COALESCE(LastError, '') FROM Deliveries WHERE IncidentId = {incidentId}");
                problems.Add($"{number}: never notified (deliveries: {string.Join(", ", states.Select(r => $"{r[0]} {r[1]}"))})");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {accepted.Count} accepted alerts broke the promise:\n{string.Join("\n", problems.Take(20))}");
        Assert.True(uncertain.Count <= Kills * Workers, $"{uncertain.Count} sends interrupted by {Kills} kills");
        Assert.True(received.Count >= accepted.Count - uncertain.Count, $"{received.Count} notifications for {accepted.Count} accepted alerts");
    }

    private static string Event(string dedup) => new System.Text.Json.Nodes.JsonObject
    {
        ["routing_key"] = Key,
        ["event_action"] = "trigger",
        ["dedup_key"] = dedup,
        ["payload"] = new System.Text.Json.Nodes.JsonObject { ["summary"] = $"Checkout 5xx on pod {dedup}", ["source"] = dedup, ["severity"] = "critical" },
    }.ToJsonString();

    /// <summary>
    /// Until every accepted alert's incident has a level-1 page and no delivery waiting to be sent (one claimed by a
    /// killed process stays "Sending" until its lease ends, and is counted as interrupted).
    /// </summary>
    private static async Task WaitForPagingAsync(string data, ConcurrentBag<string> accepted, TimeSpan timeout)
    {
        var keys = string.Join(",", accepted.Select(k => $"'{k}'"));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && keys.Length > 0)
        {
            await using var db = new SqliteConnection($"Data Source={Path.Combine(data, "incidents.db")};Mode=ReadOnly");
            await db.OpenAsync();
            var waiting = (long)(await ScalarAsync(db, $"""
                SELECT COUNT(*) FROM Alerts a WHERE a.DedupKey IN ({keys}) AND (
                    NOT EXISTS (SELECT 1 FROM Pages p WHERE p.IncidentId = a.IncidentId)
                    OR EXISTS (SELECT 1 FROM Deliveries d WHERE d.IncidentId = a.IncidentId AND d.Status = 'Pending'))
                """))!;
            if (waiting == 0)
            {
                return;
            }

            await Task.Delay(250);
        }
    }

    private static async Task<object?> ScalarAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<object[]>> RowsAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row.Select(v => v is DBNull ? null! : v).ToArray());
        }

        return rows;
    }
}
