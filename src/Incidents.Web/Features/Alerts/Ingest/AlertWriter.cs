using System.Threading.Channels;

namespace Incidents.Web.Features.Alerts.Ingest;

/// <summary>
/// Group commit: requests that arrive while a transaction is being written wait for the next one, and each is
/// answered only after the transaction holding its events has committed. One fsync serves many requests, so
/// ingest keeps up with storms on SQLite; a batch that fails is retried in halves, so one bad request cannot fail the
/// others (content never fails a request: it is validated before, and titles are shortened to fit).
/// </summary>
internal sealed partial class AlertWriter(IngestAlerts ingest, ILogger<AlertWriter> logger) : BackgroundService
{
    private const int MaxRequestsPerBatch = 256;
    private const int MaxEventsPerBatch = 4_000;

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    public Task<IngestResult> WriteAsync(IngestWork work, CancellationToken cancellationToken)
    {
        var pending = new Pending(work, new TaskCompletionSource<IngestResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The alert writer is shutting down.");
        }

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The writer runs on its own thread, not the thread pool: under load the pool's queue is full of request work,
    /// and a writer waiting behind it would leave every request waiting too. (SQLite's async calls complete
    /// synchronously, so the batch runs start to finish on this thread.)
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "Alert writer",
        };
        thread.Start();
        return done.Task;
    }

    private void Run(CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        try
        {
            while (reader.WaitToReadAsync(stoppingToken).AsTask().GetAwaiter().GetResult())
            {
                var batch = new List<Pending>();
                var events = 0;
                while (batch.Count < MaxRequestsPerBatch && events < MaxEventsPerBatch && reader.TryRead(out var next))
                {
                    batch.Add(next);
                    events += next.Work.Events.Count;
                }

                WriteBatchAsync(batch, stoppingToken).GetAwaiter().GetResult();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued was never committed, so it is not acknowledged.
            queue.Writer.TryComplete();
            while (reader.TryRead(out var left))
            {
                left.Done.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch, CancellationToken stoppingToken)
    {
        try
        {
            var results = await ingest.HandleBatchAsync(batch.Select(p => p.Work).ToList(), stoppingToken);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception ex) when (batch.Count > 1 && ex is not OperationCanceledException)
        {
            // Halves, then halves of halves: the failing request ends alone (and is answered with its error) after a
            // few transactions, and every other request of the batch is written.
            LogBatchFailed(logger, ex, batch.Count);
            var half = batch.Count / 2;
            await WriteBatchAsync(batch[..half], stoppingToken);
            await WriteBatchAsync(batch[half..], stoppingToken);
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} alert requests failed; writing it again in halves to isolate the failing request")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    private sealed record Pending(IngestWork Work, TaskCompletionSource<IngestResult> Done);
}
