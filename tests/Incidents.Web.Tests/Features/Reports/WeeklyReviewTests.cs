using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.Reports;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Reports;

/// <summary>The weekly review: composed from the team's week, queued once per team and week from Monday 08:00 UTC.</summary>
public sealed class WeeklyReviewTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly TestApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task QueuedOncePerTeamAndWeek_FromMondayEight_ToTheChannelAndEachMember()
    {
        // The test clock starts on Monday 2 November 2026, 09:00 UTC: the week reviewed next is 2–8 November.
        var admin = new Actor("review-admin", "Ada Admin");
        await app.CreatePersonAsync(admin, Role.Admin);
        var serviceId = await app.CreateServiceAsync("ledger");
        long teamId;
        await using (var db = await app.NewDbContextAsync())
        {
            var team = await db.Teams.Include(t => t.Members).SingleAsync();
            team.ChatChannel = "#ledger-oncall";
            team.SetMembers([admin.Id!]);
            teamId = team.Id;
            await db.SaveChangesAsync();
        }

        var log = app.Services.GetRequiredService<LogIncident>();
        var status = app.Services.GetRequiredService<ChangeIncidentStatus>();
        var review = app.Services.GetRequiredService<WeeklyReview>();
        // Last week's review (26 Oct – 1 Nov) is due already: nothing happened then.
        Assert.Equal(1, await review.QueueAsync());
        app.Clock.Advance(TimeSpan.FromHours(1));
        var (_, sev1) = await log.HandleAsync(new NewIncident("Ledger down", null, serviceId, Impact.High, Urgency.High), admin);
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.True((await status.HandleAsync(sev1!.Value, StatusAction.Acknowledge, admin)).Succeeded);
        await log.HandleAsync(new NewIncident("Ledger slow", null, serviceId, Impact.High, Urgency.Low), admin);

        // Monday 9 November 07:00: not yet.
        app.Clock.AdjustTime(new DateTimeOffset(2026, 11, 9, 7, 0, 0, TimeSpan.Zero));
        await app.Services.GetRequiredService<RollUpIncidents>().HandleAsync();
        Assert.Equal(0, await review.QueueAsync());
        app.Clock.Advance(TimeSpan.FromHours(1.5));
        Assert.Equal(1, await review.QueueAsync());
        Assert.Equal(0, await review.QueueAsync());

        await using var check = await app.NewDbContextAsync();
        var week = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        var rows = await check.WeeklyReviewDeliveries.Where(d => d.TeamId == teamId && d.Week == week).OrderBy(d => d.Target).ToListAsync();
        Assert.Equal(new[] { admin.Id!, WeeklyReviewDelivery.Channel }.Order(), rows.Select(r => r.Target).Order());
        var row = rows[0];
        Assert.Equal("Weekly review, Team ledger: 2 Nov – 8 Nov", row.Subject);
        Assert.Contains("• Incidents: 2 (1 SEV1, 1 SEV3); the week before 0.", row.Text, StringComparison.Ordinal);
        Assert.Contains("• Time to acknowledge 3 min (median; before —)", row.Text, StringComparison.Ordinal);
        Assert.Contains("1 never acknowledged", row.Text, StringComparison.Ordinal);
        Assert.Contains("• Change process compliance: no production change finished.", row.Text, StringComparison.Ordinal);
        Assert.Equal($"/reports?from=2026-11-02&until=2026-11-09&team={teamId}", row.Link);
    }
}
