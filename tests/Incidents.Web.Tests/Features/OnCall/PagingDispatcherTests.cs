using Incidents.Web.Features.OnCall.Paging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.OnCall;

/// <summary>Two dispatchers on one database (<see cref="Web.Features.OnCall.Paging.PagingDispatcher"/>).</summary>
public sealed class PagingDispatcherTests : PagingUseCaseTests
{
    [Fact]
    public async Task TwoDispatchersOnOneDatabase_EveryStepAndNotificationExactlyOnce()
    {
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await OpenSev1Async());
        }

        var first = Get<PagingDispatcher>();
        var second = ActivatorUtilities.CreateInstance<PagingDispatcher>(app.Services,
            ActivatorUtilities.CreateInstance<RunEscalationSteps>(app.Services), ActivatorUtilities.CreateInstance<SendNotifications>(app.Services));
        for (var round = 0; round < 6; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { Task.Run(() => first.RunOnceAsync()), Task.Run(() => second.RunOnceAsync()) }));
            app.Clock.Advance(Timeout);
        }

        // 12 incidents × (ana, bob, ana, bob): each exactly once.
        Assert.Equal(48, smtp.Received.Count);
        Assert.Equal(48, smtp.Received.Select(m => m.Header("Message-Id")).Distinct().Count());
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(48, await db.Pages.CountAsync());
        Assert.All(ids, id => Assert.Equal(4, db.Pages.Count(p => p.IncidentId == id)));
    }
}
