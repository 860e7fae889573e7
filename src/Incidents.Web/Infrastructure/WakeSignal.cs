namespace Incidents.Web.Infrastructure;

/// <summary>Wakes a background loop when new work is due now, so it does not wait for its next tick.</summary>
internal abstract class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake()
    {
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    public void Dispose()
    {
        signal.Dispose();
        GC.SuppressFinalize(this);
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
