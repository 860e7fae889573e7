using System.Net;
using System.Text;

namespace Incidents.Testing;

/// <summary>
/// A loopback HTTP receiver for the benches and the end-to-end tests (a fake Slack API, the pagers' webhooks): each
/// request's path and body go to <c>handle</c>, which answers with a JSON body (or null for an empty 200). Compiled into
/// each project that needs it (linked source, no shared assembly).
/// </summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;

    public LoopbackReceiver(string prefix, Func<string, string, string?> handle)
    {
        listener.Prefixes.Add(prefix);
        listener.Start();
        serving = LoopbackListener.ServeAsync(listener, async context =>
        {
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var answer = handle(context.Request.Url!.AbsolutePath, await reader.ReadToEndAsync());
                context.Response.StatusCode = 200;
                if (answer is not null)
                {
                    var bytes = Encoding.UTF8.GetBytes(answer);
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(bytes);
                }
            }

            context.Response.Close();
        }, stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await serving;
        listener.Close();
        stop.Dispose();
    }
}
