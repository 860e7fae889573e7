using Ical.Net;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Domain.Postmortems;
using Incidents.Web.Features.Catalog.Services;
using Incidents.Web.Features.Notices;
using Incidents.Web.Features.Postmortems.Edit;
using Incidents.Web.Features.Postmortems.List;
using Incidents.Web.Features.Postmortems.Meeting;
using Incidents.Web.Features.Postmortems.Open;
using Incidents.Web.Features.Postmortems.Reminders;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Postmortems;

/// <summary>
/// Postmortems on SQLite with the fake clock and a loopback SMTP server: policy and due dates, the workflow with
/// autosave conflicts, review invitations as iCalendar email (parsed back with Ical.Net), reminders that fire once
/// (also after a restart) and overdue nudges outside quiet hours.
/// </summary>
public sealed class PostmortemTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly LoopbackSmtpServer smtp = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "incidents-tests", Guid.NewGuid().ToString("N"));
    private PostmortemApp app = null!;
    private long serviceId;
    private Actor ana = null!;
    private Actor bob = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        app = new PostmortemApp(smtp.Port, folder, new DateTimeOffset(2026, 11, 20, 14, 0, 0, TimeSpan.Zero)); // a Friday
        serviceId = await app.CreateServiceAsync("payments");
        var anaUser = await app.CreateUserAsync("ana@example.test", Role.Responder);
        var bobUser = await app.CreateUserAsync("bob@example.test", Role.Developer);
        ana = new Actor(anaUser.Id, "ana");
        bob = new Actor(bobUser.Id, "bob");
        // Bob is on the owning team, so he is proposed as a reviewer.
        await using var db = await app.NewDbContextAsync();
        var team = await db.Teams.Include(t => t.Members).SingleAsync();
        team.SetMembers([bob.Id!]);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await smtp.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    /// <summary>The app on a fixed database file, so a second instance is "the same app after a restart".</summary>
    private sealed class PostmortemApp(int smtpPort, string folder, DateTimeOffset start) : TestApp(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(folder, "pm.db")}",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Smtp:From"] = "Incidents <incidents@example.test>",
        ["Postmortems:DueBusinessDays"] = "3",
        ["Postmortems:QuietHours"] = "20:00-08:00",
    })
    {
        public DateTimeOffset Start { get; } = start;

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            Clock.SetUtcNow(Start);
            base.ConfigureWebHost(builder);
        }
    }

    private T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    [Fact]
    public async Task Resolve_Sev2_OpensOneOwnedByTheCommanderDueInBusinessDays_DraftedFromTheTimeline()
    {
        var (incidentId, postmortemId) = await PostmortemScenario.ResolvedAsync(app, serviceId, ana);

        Assert.NotNull(postmortemId);
        Assert.Equal(postmortemId, await Get<OpenPostmortems>().ForIncidentAsync(incidentId));
        var pm = (await Get<ShowPostmortem>().HandleAsync(postmortemId!.Value))!;
        Assert.Equal((PostmortemStatus.Draft, ana.Id), (pm.Status, pm.OwnerId));
        // Resolved Friday 14:00 UTC, 3 business days → Wednesday 14:00.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero), pm.DueAt);
        Assert.Contains(pm.Timeline, t => t.Text.StartsWith("Resolved", StringComparison.Ordinal));
        Assert.Contains(pm.Timeline, t => t.Text.StartsWith("Acknowledged", StringComparison.Ordinal) && t.SourceEntryId is not null);
        Assert.StartsWith("SEV2 on Service payments: Payments fail at checkout.", pm.Summary, StringComparison.Ordinal);
        await using var db = await app.NewDbContextAsync();
        Assert.Single(await db.Postmortems.ToListAsync());
        Assert.Contains(await db.Timeline.Where(t => t.IncidentId == incidentId).ToListAsync(), t => t.Kind == TimelineKind.PostmortemOpened);
        Assert.Contains(await db.Notices.ToListAsync(), n => n.UserId == ana.Id && n.Subject.Contains("is yours", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Policy_Sev3NotByDefault_ServiceThresholdAndOptOutRespected_ScanCatchesUp()
    {
        var (sev3, none) = await PostmortemScenario.ResolvedAsync(app, serviceId, ana, Impact.Medium, Urgency.Medium);
        Assert.Null(none);

        var services = Get<ManageServices>();
        var row = (await services.ListAsync()).Single();
        var (changed, _) = await services.SaveAsync(row.Id, new ServiceInput(row.Name, row.Slug, row.TeamId, row.Tier, row.AvailabilityTarget, row.RunbookUrl, Domain.Catalog.SlaTarget.Defaults, Severity.Sev3), Actor.System);
        Assert.True(changed.Succeeded, changed.Error);
        Assert.Equal(Severity.Sev3, (await services.ListAsync()).Single().PostmortemAtOrAbove);
        Assert.Equal(1, await Get<OpenPostmortems>().ScanAsync());
        Assert.NotNull(await Get<ShowPostmortem>().ForIncidentAsync(sev3));
        Assert.Equal(0, await Get<OpenPostmortems>().ScanAsync());

        await services.SaveAsync(row.Id, new ServiceInput(row.Name, row.Slug, row.TeamId, row.Tier, row.AvailabilityTarget, row.RunbookUrl, Domain.Catalog.SlaTarget.Defaults, null, PostmortemOptOut: true), Actor.System);
        var (_, optedOut) = await PostmortemScenario.ResolvedAsync(app, serviceId, ana, Impact.High, Urgency.High);
        Assert.Null(optedOut);
    }

    [Fact]
    public async Task Workflow_AutosaveStaleVersionConflicts_PublishNeedsRootCause_ThenReadOnly()
    {
        var (_, id) = await PostmortemScenario.ResolvedAsync(app, serviceId, ana);
        var edit = Get<EditPostmortem>();
        var pm = (await Get<ShowPostmortem>().HandleAsync(id!.Value))!;
        var content = pm.Content with { CustomerImpact = "12 % of card payments failed for 40 minutes." };

        var (saved, version) = await edit.SaveAsync(id.Value, content, pm.Version, ana);
        var (stale, _) = await edit.SaveAsync(id.Value, content with { Summary = "lost" }, pm.Version, bob);
        Assert.True(saved.Succeeded);
        Assert.Equal(OutcomeKind.Conflict, stale.Kind);
        Assert.Contains("ana", stale.Error, StringComparison.Ordinal);

        Assert.True((await edit.StepAsync(id.Value, PostmortemStep.Submit, version, ana)).Succeeded);
        Assert.True((await edit.CommentAsync(id.Value, "impact", "Which region?", bob)).Succeeded);
        Assert.Equal(OutcomeKind.Invalid, (await edit.CommentAsync(id.Value, "nowhere", "x", bob)).Kind);
        pm = (await Get<ShowPostmortem>().HandleAsync(id.Value))!;
        Assert.Equal(OutcomeKind.Invalid, (await edit.StepAsync(id.Value, PostmortemStep.Publish, pm.Version, ana)).Kind);
        (_, version) = await edit.SaveAsync(id.Value, pm.Content with { RootCause = "Retries leak pooled connections." }, pm.Version, ana);
        Assert.True((await edit.StepAsync(id.Value, PostmortemStep.Publish, version, ana)).Succeeded);

        pm = (await Get<ShowPostmortem>().HandleAsync(id.Value))!;
        Assert.Equal(PostmortemStatus.Published, pm.Status);
        Assert.Equal(OutcomeKind.Conflict, (await edit.SaveAsync(id.Value, pm.Content, pm.Version, ana)).Outcome.Kind);
        Assert.Equal(OutcomeKind.Conflict, (await edit.CommentAsync(id.Value, "summary", "late", bob)).Kind);
        var markdown = Web.Features.Postmortems.Export.ExportPostmortem.Markdown(pm);
        Assert.Equal(Domain.Postmortems.PostmortemSection.All.Select(s => "## " + s.Title),
            markdown.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)));
        Assert.Contains("Retries leak pooled connections.", markdown, StringComparison.Ordinal);
        Assert.Contains("12 % of card payments failed for 40 minutes.", markdown, StringComparison.Ordinal);
    }

    private async Task<(long PostmortemId, long MeetingId)> ScheduledAsync(TimeSpan inFuture)
    {
        var (_, id) = await PostmortemScenario.ResolvedAsync(app, serviceId, ana);
        var reviews = Get<ScheduleReview>();
        var proposed = await reviews.ProposeAsync(id!.Value);
        Assert.Equal([(ana.Id!, "postmortem owner"), (bob.Id!, "developer (Team payments)")], proposed.Select(p => (p.UserId, p.Why)));
        var (outcome, meetingId) = await reviews.ScheduleAsync(id.Value, new ReviewInput(app.Clock.GetUtcNow() + inFuture, 45, "Room 4", "https://meet.example/pm", proposed.Select(p => p.UserId).ToList()), ana);
        Assert.True(outcome.Succeeded, outcome.Error);
        return (id.Value, meetingId!.Value);
    }

    private static Calendar CalendarOf(LoopbackSmtpServer.ReceivedMail mail)
    {
        var message = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail.Data)));
        var part = message.BodyParts.OfType<MimeKit.TextPart>().Single(p => p.ContentType.MediaSubtype == "calendar");
        return Calendar.Load(part.Text)!;
    }

    [Fact]
    public async Task Invitation_EmailCarriesAnIcsThatParsesBack_RescheduleRaisesSequence_CancelSendsCancel()
    {
        var (postmortemId, meetingId) = await ScheduledAsync(TimeSpan.FromDays(3));

        Assert.Equal(2, await Get<SendInvitations>().RunOnceAsync());
        Assert.Equal(0, await Get<SendInvitations>().RunOnceAsync());
        var mail = Assert.Single(smtp.Received, m => m.To.Contains("bob@example.test"));
        var calendar = CalendarOf(mail);
        Assert.Equal("REQUEST", calendar.Method);
        var review = Assert.Single(calendar.Events);
        var meeting = (await Get<ShowPostmortem>().HandleAsync(postmortemId))!.Meeting!;
        Assert.Equal((meeting.Uid, 0), (review.Uid, review.Sequence));
        Assert.Equal(app.Clock.GetUtcNow().AddDays(3).UtcDateTime, review.DtStart!.AsUtc);
        Assert.True(review.DtStart.IsUtc);
        Assert.Equal(TimeSpan.FromMinutes(45), review.DtEnd!.AsUtc - review.DtStart.AsUtc);
        Assert.Equal(["mailto:ana@example.test", "mailto:bob@example.test"], review.Attendees.Select(a => a.Value!.ToString()).Order());
        Assert.All(review.Attendees, a => Assert.Equal("NEEDS-ACTION", a.ParticipationStatus));
        Assert.Equal("mailto:incidents@example.test", review.Organizer!.Value!.ToString());
        Assert.Contains("Room 4", review.Location, StringComparison.Ordinal);
        Assert.Equal(["Email"], meeting.Invitees.Single(i => i.UserId == bob.Id).SentBy);

        // Moved an hour later: the same event, the next sequence, everyone asked again.
        var (moved, _) = await Get<ScheduleReview>().ScheduleAsync(postmortemId, new ReviewInput(app.Clock.GetUtcNow().AddDays(3).AddHours(1), 45, "Room 4", null, [ana.Id!, bob.Id!]), ana);
        Assert.True(moved.Succeeded);
        Assert.Equal(2, await Get<SendInvitations>().RunOnceAsync());
        var update = CalendarOf(smtp.Received.Last(m => m.To.Contains("bob@example.test")));
        Assert.Equal((meeting.Uid, 1, "REQUEST"), (update.Events.Single().Uid, update.Events.Single().Sequence, update.Method));

        Assert.True((await Get<ScheduleReview>().CancelAsync(meetingId, ana)).Succeeded);
        Assert.Equal(2, await Get<SendInvitations>().RunOnceAsync());
        var cancel = CalendarOf(smtp.Received.Last(m => m.To.Contains("bob@example.test")));
        Assert.Equal(("CANCEL", 2, "CANCELLED"), (cancel.Method, cancel.Events.Single().Sequence, cancel.Events.Single().Status));
    }

    [Fact]
    public async Task Rsvp_FromThePortal_RecordedAndShown_OutsidersRefused()
    {
        var (postmortemId, meetingId) = await ScheduledAsync(TimeSpan.FromDays(3));
        var reviews = Get<ScheduleReview>();

        var (accepted, review) = await reviews.RespondAsync(meetingId, bob.Id!, Rsvp.Accepted, "portal");
        var (outsider, _) = await reviews.RespondAsync(meetingId, "nobody", Rsvp.Accepted, "portal");

        Assert.True(accepted.Succeeded);
        Assert.Contains("the review of INC-", review, StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.NotFound, outsider.Kind);
        var invitee = (await Get<ShowPostmortem>().HandleAsync(postmortemId))!.Meeting!.Invitees.Single(i => i.UserId == bob.Id);
        Assert.Equal((Rsvp.Accepted, "portal"), (invitee.Response, invitee.RespondedVia));
        Assert.Single(await Get<ListPostmortems>().HandleAsync(new PostmortemFilter(ToReviewBy: bob.Id)));
        await reviews.RespondAsync(meetingId, bob.Id!, Rsvp.Declined, "portal");
        Assert.Empty(await Get<ListPostmortems>().HandleAsync(new PostmortemFilter(ToReviewBy: bob.Id)));
    }

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

    [Fact]
    public async Task ChatPostmortemCommand_ReportsStateOwnerDueAndReview()
    {
        var (incidentId, postmortemId) = await PostmortemScenario.ResolvedAsync(app, serviceId, ana);
        await Get<ScheduleReview>().ScheduleAsync(postmortemId!.Value, new ReviewInput(app.Clock.GetUtcNow().AddDays(2), 60, null, null, [ana.Id!, bob.Id!]), ana);
        await Get<ScheduleReview>().RespondAsync((await Get<ShowPostmortem>().HandleAsync(postmortemId.Value))!.Meeting!.Id, bob.Id!, Rsvp.Accepted, "portal");
        var person = new Web.Features.Chat.ChatPerson(bob.Id!, "bob", [Role.Developer]);

        var reply = await Get<Web.Features.Chat.Commands.RunChatCommand>().HandleAsync(
            new Web.Features.Chat.ChatContext(Web.Features.Chat.ChatMedium.Portal, "portal"), person, null, $"postmortem INC-{incidentId}");

        Assert.True(reply.Ok);
        Assert.StartsWith($"Postmortem of INC-{incidentId}: Draft, owned by ana, due Wed 25 Nov.", reply.Text, StringComparison.Ordinal);
        Assert.Contains("1 of 2 accepted", reply.Text, StringComparison.Ordinal);
        Assert.Contains($"/postmortems/{postmortemId}", reply.Text, StringComparison.Ordinal);
    }
}
