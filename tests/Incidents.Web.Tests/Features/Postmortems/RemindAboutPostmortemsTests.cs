using Incidents.Web.Features.Notices;
using Incidents.Web.Features.Postmortems.List;
using Incidents.Web.Features.Postmortems.Reminders;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Postmortems;

/// <summary>Reminders before the review, and nudges when a postmortem is overdue (<see cref="Web.Features.Postmortems.Reminders.RemindAboutPostmortems"/>).</summary>
public sealed class RemindAboutPostmortemsTests : PostmortemUseCaseTests
{
    [Fact]
    public async Task Reminders_24hAnd1hBefore_FireOnceEach_AlsoAfterARestart()
    {
        var (_, meetingId) = await ScheduledAsync(TimeSpan.FromHours(30));
        await Get<RemindAboutPostmortems>().HandleAsync();
        var remind = async (TestApp instance) => await instance.Services.GetRequiredService<RemindAboutPostmortems>().HandleAsync();

        Assert.Equal(0, await remind(app)); // 30 h ahead: nothing yet
        app.Clock.Advance(TimeSpan.FromHours(6) + TimeSpan.FromMinutes(1));
        Assert.Equal(2, await remind(app));
        Assert.Equal(0, await remind(app));

        // The same database, a new process: nothing fires twice.
        var now = app.Clock.GetUtcNow();
        await app.DisposeAsync();
        app = new PostmortemApp(smtp.Port, folder, now);
        Assert.Equal(0, await remind(app));
        app.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(2, await remind(app));
        Assert.Equal(0, await remind(app));

        await using var db = await app.NewDbContextAsync();
        var keys = await db.Notices.Where(n => n.Key.StartsWith("review-")).Select(n => n.Key).ToListAsync();
        Assert.Equal(4, keys.Count);
        Assert.Equal(2, keys.Count(k => k.StartsWith($"review-24h:{meetingId}:", StringComparison.Ordinal)));
        Assert.True(await app.Services.GetRequiredService<SendNotices>().HandleAsync() >= 4);
        Assert.Contains(smtp.Received, m => m.To.Contains("bob@example.test") && m.Data.Contains("Reminder: postmortem review", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Overdue_OwnerNudgedOnceADay_NeverInQuietHours()
    {
        await PostmortemScenario.ResolvedAsync(app, serviceId, ana);
        var remind = Get<RemindAboutPostmortems>();

        // Due Wednesday 14:00; Wednesday 15:00 it is overdue.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 15, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await remind.HandleAsync());
        app.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(0, await remind.HandleAsync()); // same day
        app.Clock.Advance(TimeSpan.FromHours(8)); // Thursday 03:00: quiet
        Assert.Equal(0, await remind.HandleAsync());
        app.Clock.Advance(TimeSpan.FromHours(6)); // Thursday 09:00
        Assert.Equal(1, await remind.HandleAsync());

        await using var db = await app.NewDbContextAsync();
        Assert.Equal(2, await db.Notices.CountAsync(n => n.Key.StartsWith("pm-overdue:") && n.UserId == ana.Id));
        Assert.Single(await Get<ListPostmortems>().HandleAsync(new PostmortemFilter(OverdueOnly: true)));
    }
}
