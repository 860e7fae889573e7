using System.Net;

namespace Incidents.E2E;

/// <summary>A loopback webhook receiver for pages: every request is handed to <c>record</c>, then answered 200.</summary>
public sealed class PageReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task listening;

    public PageReceiver(Func<HttpListenerRequest, Task> record)
    {
        Url = $"http://127.0.0.1:{AppProcess.FreePort()}/page/";
        listener.Prefixes.Add(Url);
        listener.Start();
        listening = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }

                await record(context.Request);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
    }

    /// <summary>The base address people's webhook contact methods point at (<c>…/page/&lt;role&gt;</c>).</summary>
    public string Url { get; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Close();
        await listening;
        stop.Dispose();
    }
}
