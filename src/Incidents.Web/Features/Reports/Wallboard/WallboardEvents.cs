using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Incidents.Web.Features.IncidentManagement.List;
using Incidents.Web.Infrastructure;

namespace Incidents.Web.Features.Reports.Wallboard;

/// <summary>
/// The wallboard's live feed: Server-Sent Events telling a board to fetch itself again. The first incident change is
/// told at once, a burst after it at most every two seconds (<see cref="CoalescedRefresh"/>), and a quiet board still
/// hears once a minute (who is on call moves with the clock). The listener only writes to a one-slot channel: no
/// subscriber work runs on the write path.
/// </summary>
internal static class WallboardEvents
{
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);

    /// <summary>The feed; <paramref name="stillOpen"/> (a TV link's) is asked before each event, and a closed one ends the feed with "revoked".</summary>
    public static IResult Stream(IncidentListFeed feed, TimeProvider clock, Func<CancellationToken, Task<bool>>? stillOpen, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(ChangesAsync(feed, clock, stillOpen, cancellationToken));

    private static async IAsyncEnumerable<SseItem<string>> ChangesAsync(
        IncidentListFeed feed, TimeProvider clock, Func<CancellationToken, Task<bool>>? stillOpen, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var refresh = new CoalescedRefresh(() =>
        {
            changes.Writer.TryWrite(true);
            return Task.CompletedTask;
        }, clock, Settle);
        using var subscription = feed.Listen(refresh.Request);
        yield return new SseItem<string>("listening", "ready");
        while (await NextAsync(changes.Reader, clock, cancellationToken))
        {
            if (stillOpen is not null && !await stillOpen(cancellationToken))
            {
                // The link was revoked: the board reloads and shows that it no longer works.
                yield return new SseItem<string>("reload", "revoked");
                yield break;
            }

            yield return new SseItem<string>("refresh", "changed");
        }
    }

    /// <summary>Waits for a change or for the quiet minute; false once the board went away.</summary>
    private static async Task<bool> NextAsync(ChannelReader<bool> changes, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var changed = changes.WaitToReadAsync(wait.Token).AsTask();
            var quiet = Task.Delay(Quiet, clock, wait.Token);
            await Task.WhenAny(changed, quiet);
            await wait.CancelAsync();
            changes.TryRead(out _);
            cancellationToken.ThrowIfCancellationRequested();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
