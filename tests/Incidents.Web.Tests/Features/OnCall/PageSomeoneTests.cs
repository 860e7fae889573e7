using System.Globalization;
using Incidents.Domain;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.OnCall.Paging;
using Incidents.Web.Features.OnCall.Schedules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.OnCall;

/// <summary>Paging a person or a schedule onto an incident by hand (<see cref="Web.Features.OnCall.Paging.PageSomeone"/>).</summary>
public sealed class PageSomeoneTests : PagingUseCaseTests
{
    [Fact]
    public async Task PageSomeone_Person_PagedAtOnceEvenWhenAcknowledged()
    {
        var id = await OpenSev1Async();
        await TickAsync();
        await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Acknowledge, new Actor(ana, "ana"));

        var outcome = await Get<PageSomeone>().HandleAsync(id, new PageTarget(PageTargetKind.Person, bob), "Need a DB expert", new Actor(ana, "ana"));
        await TickAsync();

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["ana@example.com", "bob@example.com"], MailedTo());
        Assert.Contains(await TimelineAsync(id), t => t.Text == "ana paged bob: Need a DB expert.");
    }

    [Fact]
    public async Task PageSomeone_ScheduleWithNobodyOnCall_InvalidAndNothingPaged()
    {
        var (_, empty) = await Get<ManageSchedules>().SaveAsync(null, "Empty", "UTC", null, null, admin);
        var id = await OpenSev1Async();
        await using (var db = await app.NewDbContextAsync())
        {
            db.Pages.RemoveRange(db.Pages);
            await db.SaveChangesAsync();
        }

        var outcome = await Get<PageSomeone>().HandleAsync(id, new PageTarget(PageTargetKind.Schedule, empty!.Value.ToString(CultureInfo.InvariantCulture)), null, admin);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal("Nobody to page: nobody is on call for Empty.", outcome.Error);
        await using var check = await app.NewDbContextAsync();
        Assert.Equal(0, await check.Pages.CountAsync());
    }
}
