using Incidents.Web.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Web.Tests.Infrastructure;

public sealed class CoalescedRefreshTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    [Fact]
    public void Request_FirstAfterQuiet_RunsAtOnce()
    {
        var clock = new FakeTimeProvider();
        var runs = 0;
        using var refresh = new CoalescedRefresh(() => Task.FromResult(++runs), clock, Interval);

        refresh.Request();

        Assert.Equal(1, runs);
    }

    [Fact]
    public void Request_AThousandWithinTheInterval_OneMoreRunAtItsEnd()
    {
        var clock = new FakeTimeProvider();
        var runs = 0;
        using var refresh = new CoalescedRefresh(() => Task.FromResult(++runs), clock, Interval);

        refresh.Request();
        for (var i = 0; i < 1_000; i++)
        {
            refresh.Request();
        }

        Assert.Equal(1, runs);
        clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, runs);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, runs);
        clock.Advance(Interval * 10);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Request_WhileARunIsInFlight_FoldedIntoOneRunAfterIt()
    {
        var clock = new FakeTimeProvider();
        var gate = new TaskCompletionSource();
        var runs = 0;
        using var refresh = new CoalescedRefresh(async () =>
        {
            Interlocked.Increment(ref runs);
            await gate.Task;
        }, clock, Interval);

        refresh.Request();
        refresh.Request();
        refresh.Request();
        Assert.Equal(1, runs);
        gate.SetResult();
        await Eventually.UntilAsync(() => true, "the first run to finish");
        clock.Advance(Interval);

        await Eventually.UntilAsync(() => Volatile.Read(ref runs) == 2, "one more run");
    }

    [Fact]
    public void Disposed_PendingRunNeverHappens()
    {
        var clock = new FakeTimeProvider();
        var runs = 0;
        var refresh = new CoalescedRefresh(() => Task.FromResult(++runs), clock, Interval);
        refresh.Request();
        refresh.Request();

        refresh.Dispose();
        clock.Advance(Interval * 2);

        Assert.Equal(1, runs);
    }
}
