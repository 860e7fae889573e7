using System.Net;

namespace Incidents.Testing;

/// <summary>The accept loop of the loopback fakes.</summary>
internal static class LoopbackListener
{
    /// <summary>Hands every request to <paramref name="listener"/> to <paramref name="handle"/>, one at a time, until <paramref name="stop"/>.</summary>
    public static Task ServeAsync(HttpListener listener, Func<HttpListenerContext, Task> handle, CancellationToken stop) => Task.Run(async () =>
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

            await handle(context);
        }
    }, CancellationToken.None);
}
