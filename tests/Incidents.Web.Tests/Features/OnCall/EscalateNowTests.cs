using Incidents.Domain;
using Incidents.Web.Features.OnCall.Paging;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.OnCall;

/// <summary>Escalating to the next level without waiting (<see cref="Web.Features.OnCall.Paging.EscalateNow"/>).</summary>
public sealed class EscalateNowTests : PagingUseCaseTests
{
    [Fact]
    public async Task EscalateNow_NextLevelWithoutWaiting()
    {
        var id = await OpenSev1Async();
        await TickAsync();

        Assert.True((await Get<EscalateNow>().HandleAsync(id, new Actor(ana, "ana"))).Succeeded);
        await TickAsync();

        Assert.Equal(["ana@example.com", "bob@example.com"], MailedTo());
    }
}
