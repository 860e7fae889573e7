namespace Incidents.Web.Infrastructure;

/// <summary>
/// A view's live refresh, at most once per <c>interval</c> however many changes arrive: the first request after a quiet
/// spell runs at once; requests while it runs or within the interval are folded into one more run at the interval's
/// end. So a storm of a thousand changes costs an open view two reads a second, not a thousand.
/// </summary>
internal sealed class CoalescedRefresh(Func<Task> refresh, TimeProvider clock, TimeSpan interval) : IDisposable
{
    private readonly Lock gate = new();
    private long lastStarted;
    private bool running;
    private bool pending;
    private bool disposed;
    private ITimer? timer;

    /// <summary>Half a second: a list still feels live, and a storm stays cheap.</summary>
    public static readonly TimeSpan ViewInterval = TimeSpan.FromMilliseconds(500);

    public void Request()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            if (running || timer is not null)
            {
                pending = true;
                return;
            }

            var wait = lastStarted == 0 ? TimeSpan.Zero : interval - clock.GetElapsedTime(lastStarted);
            if (wait > TimeSpan.Zero)
            {
                timer = clock.CreateTimer(_ => Fire(), null, wait, Timeout.InfiniteTimeSpan);
                return;
            }

            running = true;
        }

        _ = RunAsync();
    }

    private void Fire()
    {
        lock (gate)
        {
            timer?.Dispose();
            timer = null;
            if (disposed || running)
            {
                pending = !disposed;
                return;
            }

            pending = false;
            running = true;
        }

        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        lock (gate)
        {
            lastStarted = clock.GetTimestamp();
        }

        try
        {
            await refresh();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException or TaskCanceledException)
        {
            // The view went away while refreshing.
        }
        finally
        {
            lock (gate)
            {
                running = false;
                if (pending && !disposed)
                {
                    pending = false;
                    var wait = interval - clock.GetElapsedTime(lastStarted);
                    timer = clock.CreateTimer(_ => Fire(), null, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            timer?.Dispose();
            timer = null;
        }
    }
}
