using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.IncidentManagement.List;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>Live updates never run subscriber work on the writer's path, and open lists share their reads.</summary>
public sealed class IncidentNotifierTests
{
    private static IncidentChanged Change(long id) => new(id, 1, "test", IncidentChangeKind.Acted, Incidents.Domain.Incidents.IncidentAction.AddNote);

    [Fact]
    public async Task Publish_SubscriberStuck_ReturnsAtOnceAndOthersStillHear()
    {
        var notifier = new InProcessIncidentNotifier(NullLogger<InProcessIncidentNotifier>.Instance);
        var stuck = new TaskCompletionSource();
        var heard = new List<long>();
        using var slow = notifier.Subscribe(_ => stuck.Task);
        using var fast = notifier.Subscribe(c =>
        {
            lock (heard)
            {
                heard.Add(c.IncidentId);
            }

            return Task.CompletedTask;
        });

        var publishing = Enumerable.Range(1, 100).Select(i => notifier.PublishAsync(Change(i))).ToList();

        // Every publish completed synchronously: nothing waited for the stuck subscriber.
        Assert.All(publishing, p => Assert.True(p.IsCompletedSuccessfully));
        await Eventually.UntilAsync(() => { lock (heard) { return heard.Count == 100; } }, "the fast subscriber to hear all 100");
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), heard);
        stuck.SetResult();
    }

    [Fact]
    public async Task Publish_SubscriberThrows_NextChangeStillDelivered()
    {
        var notifier = new InProcessIncidentNotifier(NullLogger<InProcessIncidentNotifier>.Instance);
        var heard = 0;
        using var subscription = notifier.Subscribe(c => c.IncidentId == 1 ? throw new InvalidOperationException("broken view") : Task.FromResult(Interlocked.Increment(ref heard)));

        await notifier.PublishAsync(Change(1));
        await notifier.PublishAsync(Change(2));

        await Eventually.UntilAsync(() => Volatile.Read(ref heard) == 1, "the change after the failure");
    }

    [Fact]
    public async Task Unsubscribed_HearsNothingMore()
    {
        var notifier = new InProcessIncidentNotifier(NullLogger<InProcessIncidentNotifier>.Instance);
        var heard = 0;
        var subscription = notifier.Subscribe(_ => Task.FromResult(Interlocked.Increment(ref heard)));
        await notifier.PublishAsync(Change(1));
        await Eventually.UntilAsync(() => Volatile.Read(ref heard) == 1, "the first change");

        subscription.Dispose();
        await notifier.PublishAsync(Change(2));

        Assert.Equal(1, Volatile.Read(ref heard));
    }

    [Fact]
    public async Task ListFeed_TwentyViewsAfterAStorm_OneSharedQueryPerGeneration()
    {
        using var app = new TestApp();
        var serviceId = await app.CreateServiceAsync();
        var feed = app.Services.GetRequiredService<IncidentListFeed>();
        var query = new IncidentQuery();
        var before = feed.Generation;

        for (var i = 0; i < 50; i++)
        {
            await app.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident($"Storm {i}", null, serviceId, Impact.Low, Urgency.Low), Actor.System);
        }

        await Eventually.UntilAsync(() => feed.Generation >= before + 50, "the feed to hear the storm");
        var pages = Enumerable.Range(0, 20).Select(_ => feed.PageAsync(query, null)).ToList();

        // Twenty open lists, one query: the same task serves them all, and it sees every incident.
        Assert.True(pages.All(p => ReferenceEquals(p, pages[0])), "one shared query");
        var page = await pages[0];
        Assert.Equal(50, page.Total);
        var again = feed.PageAsync(query, null);
        var other = feed.PageAsync(query with { Status = StatusFilter.All }, null);
        Assert.Same(pages[0], again);
        Assert.NotSame(pages[0], other);
        Assert.Equal(50, (await other).Total);
    }

    [Fact]
    public async Task ListFeed_ListenerToldOfAChange_NeverServedAPageFromBeforeIt()
    {
        using var app = new TestApp();
        var serviceId = await app.CreateServiceAsync();
        var feed = app.Services.GetRequiredService<IncidentListFeed>();
        var stale = await feed.PageAsync(new IncidentQuery(), null);
        var told = new TaskCompletionSource<IncidentListPage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = feed.Listen(() => told.TrySetResult(feed.PageAsync(new IncidentQuery(), null).GetAwaiter().GetResult()));

        await app.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident("New one", null, serviceId, Impact.Low, Urgency.Low), Actor.System);

        var fresh = await told.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, stale.Total);
        Assert.Equal(1, fresh.Total);
    }

    [Fact]
    public async Task ListFeed_AlertsPagesAndLinks_RefreshNoList_ARowChangeDoes()
    {
        using var app = new TestApp();
        var feed = app.Services.GetRequiredService<IncidentListFeed>();
        var notifier = app.Services.GetRequiredService<IIncidentNotifier>();
        var before = feed.Generation;
        var heard = 0;
        using var listening = feed.Listen(() => Interlocked.Increment(ref heard));

        // A storm of alerts into an open incident, its pages, a problem link, a postmortem: no row shows any of them.
        foreach (var kind in new[] { IncidentChangeKind.AlertsOnly, IncidentChangeKind.Paging, IncidentChangeKind.Problem, IncidentChangeKind.Postmortem })
        {
            await notifier.PublishAsync(new IncidentChanged(1, 1, "test", kind));
        }

        // A change a row shows, after them in the same queue: once it is heard, the others were (and were skipped).
        await notifier.PublishAsync(new IncidentChanged(1, 2, "test", IncidentChangeKind.Acted, IncidentAction.Acknowledge));
        await Eventually.UntilAsync(() => Volatile.Read(ref heard) == 1, "the acknowledgement");
        Assert.Equal(before + 1, feed.Generation);
        Assert.All(Enum.GetValues<IncidentChangeKind>(), kind =>
            Assert.Equal(kind is not (IncidentChangeKind.AlertsOnly or IncidentChangeKind.Paging or IncidentChangeKind.Problem or IncidentChangeKind.Postmortem),
                IncidentListFeed.ChangesRows(kind)));
    }

    [Fact]
    public void ListPage_SameRows_ShowsTheSame_AnyDifferenceDoesNot()
    {
        var row = new IncidentRow(1, "Checkout down", Severity.Sev1, IncidentStatus.Triggered, "Checkout", DateTimeOffset.UnixEpoch, null, null, false, null);
        var page = new IncidentListPage([row], 1, false);

        Assert.True(page.Shows(new IncidentListPage([row with { }], 1, false)));
        Assert.False(page.Shows(null));
        Assert.False(page.Shows(new IncidentListPage([row with { Status = IncidentStatus.Acknowledged }], 1, false)));
        Assert.False(page.Shows(new IncidentListPage([row], 2, false)));
        Assert.False(page.Shows(new IncidentListPage([], 1, false)));
    }
}
