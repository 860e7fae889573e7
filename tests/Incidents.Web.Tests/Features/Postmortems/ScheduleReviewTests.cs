using Incidents.Domain;
using Incidents.Domain.Postmortems;
using Incidents.Web.Features.Postmortems.Edit;
using Incidents.Web.Features.Postmortems.List;
using Incidents.Web.Features.Postmortems.Meeting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Postmortems;

/// <summary>The review meeting: its invitation and calendar file, rescheduling, cancelling, answers (<see cref="Web.Features.Postmortems.Meeting.ScheduleReview"/>).</summary>
public sealed class ScheduleReviewTests : PostmortemUseCaseTests
{
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
}
