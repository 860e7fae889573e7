using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Incidents.Web.Tests.Infrastructure;

/// <summary>An HTTP endpoint on 127.0.0.1 that records every request and answers with <see cref="Status"/> or <see cref="Responder"/>.</summary>
public sealed class LoopbackWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    public LoopbackWebhookReceiver()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapMethods("/{**path}", ["GET", "POST", "PUT", "DELETE"], async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var request = new Request(context.Request.Method, context.Request.Path, context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? "", context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body);
            Received.Enqueue(request);
            if (Responder?.Invoke(request) is { } answer)
            {
                foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
                {
                    context.Response.Headers[name] = value;
                }

                return Results.Text(answer.Body, "application/json", statusCode: answer.Status);
            }

            return Results.StatusCode(Status);
        });
        app.StartAsync().GetAwaiter().GetResult();
    }

    public sealed record Request(string Method, string Path, string RawTarget, IReadOnlyDictionary<string, string> Headers, string Body);

    public int Port { get; }

    public int Status { get; set; } = 200;

    /// <summary>When set, answers each request (status, JSON body, headers) instead of the bare <see cref="Status"/>.</summary>
    public Func<Request, Answer?>? Responder { get; set; }

    public sealed record Answer(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null);

    public ConcurrentQueue<Request> Received { get; } = new();

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
