using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Testing;
using Incidents.Web.Data;
using Incidents.Web.Features.Catalog.Services;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.Chat.Slack;
using Incidents.Web.Features.Demo;
using Incidents.Web.Features.IncidentManagement.Log;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// The Slack bot through real HTTP (Kestrel) with a loopback fake of Slack's Web API: how fast each request is
/// acknowledged, and how long from a button press until the incident changed and the card update reached Slack.
/// </summary>
internal static class ChatBenchmark
{
    private const string Secret = "bench-signing-secret";

    public static async Task RunAsync(string data, int presses)
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        var fakePort = FreePort();
        var updates = new ConcurrentDictionary<string, long>();
        var posted = 0;
        await using var receiver = new LoopbackReceiver($"http://127.0.0.1:{fakePort}/", (path, body) =>
        {
            if (path.EndsWith("chat.update", StringComparison.Ordinal))
            {
                updates.TryAdd(JsonNode.Parse(body)!["ts"]!.GetValue<string>(), Stopwatch.GetTimestamp());
            }
            else if (path.EndsWith("chat.postMessage", StringComparison.Ordinal))
            {
                return $$"""{"ok":true,"channel":"C1","ts":"1.{{Interlocked.Increment(ref posted)}}"}""";
            }

            return """{"ok":true}""";
        });

        var port = FreePort();
        await using var app = new BenchApp(data, port, new Dictionary<string, string>
        {
            ["Slack:SigningSecret"] = Secret,
            ["Slack:BotToken"] = "xoxb-bench",
            ["Slack:ApiBaseUrl"] = $"http://127.0.0.1:{fakePort}/api/",
        });
        app.StartServer();
        var services = app.Services;
        var demo = services.GetRequiredService<DemoData>();
        await demo.SeedPeopleAsync("Bench-Password-1");
        await demo.SeedAsync(0);
        var service = (await services.GetRequiredService<ManageServices>().ListAsync()).Single(s => s.Slug == "search-api");
        var ids = new List<long>();
        await using (var db = await services.GetRequiredService<IDbContextFactory<IncidentsDbContext>>().CreateDbContextAsync())
        {
            var responder = await db.Users.SingleAsync(u => u.Email == "responder@demo.test");
            db.ChatIdentities.Add(new ChatIdentity { Medium = ChatMedium.Slack, ExternalId = "T1:U1", UserId = responder.Id, LinkedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        for (var i = 0; i < presses + 20; i++)
        {
            var (_, id) = await services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident($"Bench incident {i}", null, service.Id, Impact.Low, Urgency.Low), Actor.System);
            ids.Add(id!.Value);
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        async Task<(double AckMs, long Sent)> PressAsync(long incident, int n)
        {
            var payload = new JsonObject
            {
                ["type"] = "block_actions",
                ["user"] = new JsonObject { ["id"] = "U1", ["team_id"] = "T1" },
                ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = $"9.{n}", ["channel_id"] = "C1" },
                ["trigger_id"] = $"trigger-{n}",
                ["actions"] = new JsonArray(new JsonObject { ["action_id"] = SlackMessages.Ack, ["value"] = incident.ToString(CultureInfo.InvariantCulture), ["action_ts"] = $"{n}" }),
            };
            var body = "payload=" + Uri.EscapeDataString(payload.ToJsonString());
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/slack/interactions") { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
            request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
            request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            return (Stopwatch.GetElapsedTime(sent).TotalMilliseconds, sent);
        }

        // Warm-up, not measured.
        for (var i = 0; i < 20; i++)
        {
            await PressAsync(ids[i], i);
        }

        Console.WriteLine($"Chat: {presses} Acknowledge presses on Slack cards, one every 50 ms");
        var acks = new List<double>();
        var sentAt = new Dictionary<string, long>();
        for (var i = 20; i < presses + 20; i++)
        {
            var (ack, sent) = await PressAsync(ids[i], i);
            acks.Add(ack);
            sentAt[$"9.{i}"] = sent;
            await Task.Delay(50);
        }

        var deadline = Stopwatch.StartNew();
        while (sentAt.Keys.Any(k => !updates.ContainsKey(k)) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        await using var check = await services.GetRequiredService<IDbContextFactory<IncidentsDbContext>>().CreateDbContextAsync();
        var acknowledged = await check.Incidents.CountAsync(i => i.Status == IncidentStatus.Acknowledged);
        Report("HTTP acknowledgement of the button press", [.. acks.Order()]);
        Report("press → incident acknowledged and chat.update received", [.. sentAt.Where(s => updates.ContainsKey(s.Key)).Select(s => (updates[s.Key] - s.Value) * 1000.0 / Stopwatch.Frequency).Order()]);
        Console.WriteLine($"  cards updated: {sentAt.Keys.Count(updates.ContainsKey)} of {presses}; incidents acknowledged: {acknowledged} (of {presses + 20} pressed)");
    }

    private static void Report(string name, double[] sorted)
    {
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: p50 {P(0.5):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {sorted[^1]:F1} ms ({sorted.Length} samples)"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
