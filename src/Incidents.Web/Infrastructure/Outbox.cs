using Incidents.Web.Data;
using Incidents.Web.Features.OnCall.Channels;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Infrastructure;

/// <summary>
/// A message waiting to go out (a notice, an invitation): written in the same transaction as the change that causes
/// it, sent by a job, retried 1, 2, 4, 8 minutes later, then given up with the reason kept.
/// </summary>
public abstract class OutboxMessage
{
    public const int MaxAttempts = 5;

    public long Id { get; protected set; }

    public DateTimeOffset? SentAt { get; protected set; }

    public DateTimeOffset? NextAttemptAt { get; protected set; }

    public int Attempts { get; protected set; }

    public string? LastError { get; protected set; }

    public void Sent(DateTimeOffset at)
    {
        SentAt = at;
        NextAttemptAt = null;
        Attempts++;
        LastError = null;
    }

    public void Failed(string error, bool permanent, DateTimeOffset at)
    {
        Attempts++;
        LastError = error.Length > 500 ? error[..500] : error;
        NextAttemptAt = permanent || Attempts >= MaxAttempts ? null : at + TimeSpan.FromMinutes(Math.Pow(2, Attempts - 1));
    }
}

internal static class Outbox
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Sends what is due. Each row is claimed by a conditional update that moves its next attempt past a lease, so two
    /// runners never send the same row; a crash mid-send retries it after the lease (at least once).
    /// </summary>
    public static async Task<int> SendDueAsync<T>(IncidentsDbContext db, DbSet<T> rows, TimeProvider clock, Func<T, Task<SendResult>> send, Action<T, string>? gaveUp, CancellationToken cancellationToken)
        where T : OutboxMessage
    {
        var now = clock.GetUtcNow();
        var due = await rows.Where(r => r.SentAt == null && r.NextAttemptAt != null && r.NextAttemptAt <= now)
            .OrderBy(r => r.Id).Select(r => r.Id).Take(200).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var id in due)
        {
            var leaseUntil = now + Lease;
            var claimed = await rows.Where(r => r.Id == id && r.SentAt == null && r.NextAttemptAt != null && r.NextAttemptAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptAt, leaseUntil), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var row = await rows.SingleAsync(r => r.Id == id, cancellationToken);
            var result = await send(row);
            var at = clock.GetUtcNow();
            switch (result)
            {
                case SendResult.Delivered:
                    row.Sent(at);
                    sent++;
                    break;
                case SendResult.Transient transient:
                    row.Failed(transient.Error, permanent: false, at);
                    break;
                case SendResult.Permanent permanent:
                    row.Failed(permanent.Error, permanent: true, at);
                    gaveUp?.Invoke(row, permanent.Error);
                    break;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return sent;
    }
}
