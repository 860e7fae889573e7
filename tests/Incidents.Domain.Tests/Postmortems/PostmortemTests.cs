using Incidents.Domain.Incidents;
using Incidents.Domain.Postmortems;

namespace Incidents.Domain.Tests.Postmortems;

public sealed class PostmortemTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 14, 0, 0, TimeSpan.Zero); // a Friday
    private static readonly Actor Ana = new("ana", "Ana");

    private static PostmortemContent Content(string? summary = "Checkout failed for 40 minutes", string? impact = "12 % of payments failed", string? rootCause = null) =>
        new(summary, impact, [new PostmortemTimelineItem(At.AddMinutes(5), " Paged "), new PostmortemTimelineItem(At, "Alert fired"), new PostmortemTimelineItem(At.AddMinutes(9), " ")],
            rootCause, "Paging worked", "Dashboards were stale", "Low traffic hour");

    [Theory]
    [InlineData(Severity.Sev1, null, false, true)]
    [InlineData(Severity.Sev2, null, false, true)]
    [InlineData(Severity.Sev3, null, false, false)]
    [InlineData(Severity.Sev3, Severity.Sev3, false, true)]
    [InlineData(Severity.Sev2, Severity.Sev1, false, false)]
    [InlineData(Severity.Sev1, null, true, false)]
    public void Requires_SeverityAgainstServiceOrDefaultThreshold(Severity severity, Severity? service, bool optedOut, bool required)
    {
        Assert.Equal(required, PostmortemPolicy.Requires(severity, service, optedOut, Severity.Sev2));
    }

    [Theory]
    [InlineData("2026-11-20T14:00:00Z", 5, "2026-11-27T14:00:00Z")] // Friday → next Friday
    [InlineData("2026-11-20T14:00:00Z", 1, "2026-11-23T14:00:00Z")] // Friday → Monday
    [InlineData("2026-11-21T10:00:00Z", 1, "2026-11-23T10:00:00Z")] // Saturday → Monday
    [InlineData("2026-11-18T09:30:00Z", 3, "2026-11-23T09:30:00Z")] // Wednesday → Monday
    public void DueAt_BusinessDaysInUtc(string resolved, int days, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            PostmortemPolicy.DueAt(DateTimeOffset.Parse(resolved, System.Globalization.CultureInfo.InvariantCulture), days, TimeZoneInfo.Utc));
    }

    [Fact]
    public void DueAt_AcrossDaylightSaving_SameWallClockTime()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        // Friday 23 Oct 2026 17:00 CEST (15:00Z); clocks go back on Sunday 25 Oct; 1 business day → Monday 17:00 CET (16:00Z).
        var due = PostmortemPolicy.DueAt(new DateTimeOffset(2026, 10, 23, 15, 0, 0, TimeSpan.Zero), 1, berlin);

        Assert.Equal(new DateTimeOffset(2026, 10, 26, 16, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void Workflow_DraftReviewPublish_ThenReadOnly()
    {
        var postmortem = Postmortem.Open(7, "ana", At.AddDays(5), [], null, At);

        Assert.Equal(OutcomeKind.Invalid, postmortem.Submit(Ana, At).Kind);
        Assert.True(postmortem.Edit(Content(), Ana, At.AddHours(1)).Succeeded);
        Assert.Equal(["Alert fired", "Paged"], postmortem.Timeline.Select(t => t.Text));
        Assert.Equal(OutcomeKind.Conflict, postmortem.Publish(Ana, At).Kind);
        Assert.True(postmortem.Submit(Ana, At.AddHours(2)).Succeeded);
        Assert.Equal(OutcomeKind.Invalid, postmortem.Publish(Ana, At).Kind);
        Assert.True(postmortem.ReturnToDraft(Ana, At).Succeeded);
        Assert.True(postmortem.Edit(Content(rootCause: "Pool leak"), Ana, At.AddHours(3)).Succeeded);
        Assert.True(postmortem.Submit(Ana, At.AddHours(3)).Succeeded);
        Assert.True(postmortem.Publish(Ana, At.AddHours(4)).Succeeded);

        Assert.Equal(PostmortemStatus.Published, postmortem.Status);
        Assert.Equal(At.AddHours(4), postmortem.PublishedAt);
        Assert.Equal(OutcomeKind.Conflict, postmortem.Edit(Content(), Ana, At.AddHours(5)).Kind);
        Assert.Equal(OutcomeKind.Conflict, postmortem.LinkProblem(3, Ana, At).Kind);
        Assert.False(postmortem.IsOverdue(At.AddDays(30)));
    }

    [Fact]
    public void Publish_WithLinkedProblemInsteadOfText_Allowed()
    {
        var postmortem = Postmortem.Open(7, "ana", At.AddDays(5), [], null, At);
        postmortem.Edit(Content(), Ana, At);
        postmortem.LinkProblem(12, Ana, At);
        postmortem.Submit(Ana, At);

        Assert.True(postmortem.Publish(Ana, At).Succeeded);
    }

    private static Postmortem InReviewWithRootCause()
    {
        var postmortem = Postmortem.Open(7, "ana", At.AddDays(5), [], null, At);
        postmortem.Edit(Content(rootCause: "Pool leak"), Ana, At);
        postmortem.Submit(Ana, At);
        return postmortem;
    }

    [Fact]
    public void Publish_BeforeTheReviewMeeting_OnlyTheOwnerWithAReason()
    {
        var meeting = At.AddDays(2);
        var postmortem = InReviewWithRootCause();

        Assert.Equal(OutcomeKind.Forbidden, postmortem.Publish(new Actor("bob", "Bob"), At, meeting, "It can't wait").Kind);
        var withoutReason = postmortem.Publish(Ana, At, meeting, "  ");
        Assert.Equal(OutcomeKind.Invalid, withoutReason.Kind);
        Assert.Equal("The review meeting is on 22 Nov 14:00 UTC: publish after it, or say why it can't wait.", withoutReason.Error);
        Assert.Equal(OutcomeKind.Invalid, postmortem.Publish(Ana, At, meeting, new string('x', Postmortem.MaxEarlyReasonLength + 1)).Kind);
        Assert.Equal(PostmortemStatus.InReview, postmortem.Status);

        Assert.True(postmortem.Publish(Ana, At, meeting, " The customer asked for it today ").Succeeded);
        Assert.Equal("The customer asked for it today", postmortem.PublishedEarlyBecause);
    }

    [Fact]
    public void Publish_AfterTheReviewMeeting_AnyoneWhoMayWrite_NoReasonKept()
    {
        var postmortem = InReviewWithRootCause();

        Assert.True(postmortem.Publish(new Actor("bob", "Bob"), At.AddDays(3), At.AddDays(2), "ignored").Succeeded);
        Assert.Null(postmortem.PublishedEarlyBecause);
    }

    [Fact]
    public void PublishNeeds_SayWhatIsMissing_AndMatchWhatPublishDoes()
    {
        var draft = Postmortem.Open(7, "ana", At.AddDays(5), [], null, At);
        Assert.Equal([("Sent for review", false), ("A root cause, written or as a linked problem", false)],
            draft.PublishNeeds(null, At).Select(n => (n.Text, n.Met)));

        var ready = InReviewWithRootCause();
        Assert.All(ready.PublishNeeds(At.AddDays(-1), At), n => Assert.True(n.Met));
        var ahead = ready.PublishNeeds(At.AddDays(1), At);
        Assert.Equal(3, ahead.Count);
        Assert.False(ahead[2].Met);
        Assert.True(ready.PublishNeeds(At.AddDays(1), At, "Urgent").All(n => n.Met));
        Assert.Equal(ready.PublishNeeds(At.AddDays(1), At, "Urgent").All(n => n.Met), ready.Publish(Ana, At, At.AddDays(1), "Urgent").Succeeded);
    }

    [Fact]
    public void IsOverdue_AfterTheDueTimeUntilPublished()
    {
        var postmortem = Postmortem.Open(7, "ana", At.AddDays(5), [], null, At);

        Assert.False(postmortem.IsOverdue(At.AddDays(5)));
        Assert.True(postmortem.IsOverdue(At.AddDays(5).AddSeconds(1)));
    }
}

public sealed class ReviewMeetingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private static MeetingInvitee[] People(params string[] ids) => ids.Select(id => new MeetingInvitee(id, id, $"{id}@example.test", "responder")).ToArray();

    [Fact]
    public void Schedule_ThenRespond_ThenRescheduleRaisesSequenceAndResetsAnswersOnlyWhenTheTimeMoves()
    {
        var (outcome, meeting) = ReviewMeeting.Schedule(1, "pm-1@incidents", Now.AddDays(2), 45, "Room 4", "https://meet.example/abc", People("ana", "bob"), Now);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.True(meeting!.Respond("ana", Rsvp.Accepted, "slack", Now).Succeeded);
        Assert.Equal(OutcomeKind.NotFound, meeting.Respond("eve", Rsvp.Accepted, "slack", Now).Kind);

        Assert.True(meeting.Reschedule(Now.AddDays(2), 45, "Room 5", null, People("ana", "bob", "cy"), Now).Succeeded);
        Assert.Equal(1, meeting.Sequence);
        Assert.Equal(Rsvp.Accepted, meeting.Invitees.Single(i => i.UserId == "ana").Response);
        Assert.Equal(3, meeting.Invitees.Count);

        Assert.True(meeting.Reschedule(Now.AddDays(3), 45, "Room 5", null, People("ana", "cy"), Now).Succeeded);
        Assert.Equal(2, meeting.Sequence);
        Assert.All(meeting.Invitees, i => Assert.Equal(Rsvp.NeedsAction, i.Response));
        Assert.Equal(["ana", "cy"], meeting.Invitees.Select(i => i.UserId));
        Assert.Equal("pm-1@incidents", meeting.Uid);

        Assert.True(meeting.Cancel(Now).Succeeded);
        Assert.Equal(3, meeting.Sequence);
        Assert.Equal(OutcomeKind.Conflict, meeting.Respond("ana", Rsvp.Accepted, "portal", Now).Kind);
    }

    [Theory]
    [InlineData(-60, 45, "https://meet.example/x")]
    [InlineData(60, 5, null)]
    [InlineData(60, 45, "ftp://meet.example/x")]
    public void Schedule_BadInput_Invalid(int startsInMinutes, int duration, string? url)
    {
        var (outcome, meeting) = ReviewMeeting.Schedule(1, "u", Now.AddMinutes(startsInMinutes), duration, null, url, People("ana"), Now);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Null(meeting);
    }

    [Theory]
    [InlineData("2026-11-27T12:00:00Z", "2026-12-01T10:00:00")] // Friday → Tuesday (two working days, not Monday)
    [InlineData("2026-11-30T12:00:00Z", "2026-12-02T10:00:00")] // Monday → Wednesday
    [InlineData("2026-11-28T12:00:00Z", "2026-12-01T10:00:00")] // Saturday → Tuesday
    public void ReviewSlotLocal_TwoWorkingDaysOutAtTen(string now, string expected)
    {
        var slot = PostmortemPolicy.ReviewSlotLocal(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc);

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), slot);
    }
}
