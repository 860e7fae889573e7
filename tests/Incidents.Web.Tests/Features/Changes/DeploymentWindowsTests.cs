using System.Net;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Web.Features.Changes.Windows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

public sealed class DeploymentWindowsTests(ChangesApp app) : ChangesUseCaseTests(app)
{
    private ManageWindows Windows => App.Services.GetRequiredService<ManageWindows>();

    /// <summary>A team window on Tuesdays and Thursdays 13:00–15:00 UTC with a "Ready for production" checkpoint the day before at 12:00.</summary>
    private async Task<(long ServiceId, long TeamId)> WindowedServiceAsync()
    {
        var serviceId = await ServiceAsync();
        await using var db = await App.NewDbContextAsync();
        var teamId = await db.Services.Where(s => s.Id == serviceId).Select(s => s.TeamId).SingleAsync();
        var saved = await Windows.SaveAsync(null, new WindowInput(teamId, null, "Release window", "UTC", [DayOfWeek.Tuesday, DayOfWeek.Thursday],
            new TimeOnly(13, 0), new TimeOnly(15, 0), [new Checkpoint("Ready for production", 1, new TimeOnly(12, 0), ChangeStatus.Approved)]), Actor.System);
        Assert.True(saved.Succeeded, saved.Error);
        return (serviceId, teamId);
    }

    private DateTimeOffset NextTuesday(int hour)
    {
        var day = App.Clock.GetUtcNow().UtcDateTime.Date.AddDays(2);
        while (day.DayOfWeek != DayOfWeek.Tuesday)
        {
            day = day.AddDays(1);
        }

        return new DateTimeOffset(day.AddHours(hour), TimeSpan.Zero);
    }

    [Fact]
    public async Task NormalChangeOutsideTheWindow_NeedsAReason_EmergencyDoesNot()
    {
        var (serviceId, _) = await WindowedServiceAsync();
        var requester = await PersonAsync(Role.Developer);
        var morning = NextTuesday(8);
        ChangeRequest Planned(ChangeType type, string? reason = null) =>
            new(serviceId, "Migrate the orders table", ChangeKind.DataFix, type, ChangeRisk.Medium, PlannedStart: morning, PlannedEnd: morning.AddHours(1), OutsideWindowReason: reason);

        var refused = await Manage.RecordAsync(Planned(ChangeType.Normal), requester, ChangeSource.Portal, submit: true);
        var withReason = await Manage.RecordAsync(Planned(ChangeType.Normal, "The migration locks the table; the morning has the least traffic."), requester, ChangeSource.Portal, submit: true);
        var emergency = await Manage.RecordAsync(Planned(ChangeType.Emergency), requester, ChangeSource.Portal, submit: true);

        Assert.Equal(OutcomeKind.Invalid, refused.Outcome.Kind);
        Assert.Equal("It is planned outside the deployment windows (Tue, Thu 13:00–15:00 (UTC)). Say why it cannot wait for a window, or record it as an emergency change.", refused.Outcome.Error);
        Assert.True(withReason.Outcome.Succeeded, withReason.Outcome.Error);
        Assert.Equal("The migration locks the table; the morning has the least traffic.", (await ChangeAsync(withReason.ChangeId!.Value)).OutsideWindowReason);
        Assert.True(emergency.Outcome.Succeeded, emergency.Outcome.Error);
        Assert.Equal(2, (await ChangesOfAsync(serviceId)).Count);
    }

    [Fact]
    public async Task Scheduling_IntoAFreeze_NeedsAReason_IntoTheWindow_DoesNot()
    {
        var (serviceId, teamId) = await WindowedServiceAsync();
        var id = await ApprovedChangeAsync(serviceId);
        var admin = await PersonAsync(Role.Admin);
        var window = NextTuesday(13);
        var frozen = window.AddDays(2);
        Assert.True((await Windows.FreezeAsync(teamId, null, frozen.AddHours(-13), frozen.AddDays(1), "Quarter close", admin)).Succeeded);

        var intoFreeze = await Manage.ActAsync(id, ChangeAction.Schedule, admin, schedule: (frozen, frozen.AddHours(1)));
        var intoWindow = await Manage.ActAsync(id, ChangeAction.Schedule, admin, schedule: (window.AddMinutes(15), window.AddMinutes(45)));

        Assert.Equal(OutcomeKind.Invalid, intoFreeze.Kind);
        Assert.StartsWith("It is planned in a change freeze (Quarter close", intoFreeze.Error, StringComparison.Ordinal);
        Assert.True(intoWindow.Succeeded, intoWindow.Error);
        var change = await ChangeAsync(id);
        Assert.Equal((ChangeStatus.Scheduled, window.AddMinutes(15)), (change.Status, change.PlannedStart!.Value));
    }

    [Fact]
    public async Task Calendar_ReadinessOfTheWindow_FlagsAMissedCheckpoint_AndExportsTheAgenda()
    {
        var (serviceId, teamId) = await WindowedServiceAsync();
        var window = NextTuesday(13);
        var requester = await PersonAsync(Role.Developer);
        var (_, late) = await Manage.RecordAsync(new ChangeRequest(serviceId, "Release 3.1", ChangeKind.Deployment, ChangeType.Normal, ChangeRisk.High,
            PlannedStart: window.AddMinutes(10), PlannedEnd: window.AddMinutes(40)), requester, ChangeSource.Portal, submit: true);
        var ready = await ApprovedChangeAsync(serviceId, window.AddMinutes(50), window.AddMinutes(80));
        App.Clock.AdjustTime(window.AddHours(-20));

        var calendar = await Windows.CalendarAsync(window.AddDays(-1), window.AddDays(1), teamId);

        var readiness = Assert.Single(calendar.Windows, w => w.Occurrence.Start == window);
        Assert.Equal([late!.Value, ready], readiness.Changes.Select(c => c.Id));
        Assert.Equal(["Ready for production"], readiness.Changes[0].MissedCheckpoints);
        Assert.Empty(readiness.Changes[1].MissedCheckpoints);
        Assert.Equal((0, 2), (readiness.Changes[0].ApprovalsGiven, readiness.Changes[0].ApprovalsNeeded));

        var viewer = await App.SignedInAsAsync(Role.Viewer);
        var export = await viewer.GetAsync($"/changes/windows/{readiness.Occurrence.WindowId}/readiness.md?start={window.ToUnixTimeSeconds()}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/markdown", export.Content.Headers.ContentType?.MediaType);
        var markdown = await export.Content.ReadAsStringAsync();
        Assert.Contains($"| CHG-{late} Release 3.1 | Service ", markdown, StringComparison.Ordinal);
        Assert.Contains("| Submitted | 0 of 2 | high | 0 of 8 | Ready for production |", markdown, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/changes/windows/{readiness.Occurrence.WindowId}/readiness.md?start={window.AddHours(1).ToUnixTimeSeconds()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync($"/changes/windows/{readiness.Occurrence.WindowId}/readiness.md")).StatusCode);
    }

    [Fact]
    public async Task Window_BadInput_RefusedAndNothingSaved()
    {
        var before = (await Windows.ListAsync()).Windows.Count;

        var noScope = await Windows.SaveAsync(null, new WindowInput(null, null, "x", "UTC", [DayOfWeek.Monday], new TimeOnly(9, 0), new TimeOnly(10, 0), []), Actor.System);
        var unknownTeam = await Windows.SaveAsync(null, new WindowInput(999_999, null, "x", "UTC", [DayOfWeek.Monday], new TimeOnly(9, 0), new TimeOnly(10, 0), []), Actor.System);
        var backwards = await Windows.SaveAsync(null, new WindowInput(null, await ServiceAsync(), "x", "UTC", [DayOfWeek.Monday], new TimeOnly(10, 0), new TimeOnly(9, 0), []), Actor.System);

        Assert.All([noScope, unknownTeam, backwards], o => Assert.Equal(OutcomeKind.Invalid, o.Kind));
        Assert.Equal(before, (await Windows.ListAsync()).Windows.Count);
    }
}
