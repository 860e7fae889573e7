using System.Globalization;
using Incidents.Domain.Reports;

namespace Incidents.Domain.Tests.Reports;

/// <summary>The report areas' formulas over hand-made tables: postmortem completion, on-call burden (across daylight saving), alert noise.</summary>
public sealed class AreasTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 3, 10, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(-1.0, 12.0, PostmortemOutcome.OnTime)]
    [InlineData(0.0, 12.0, PostmortemOutcome.OnTime)]
    [InlineData(0.5, 12.0, PostmortemOutcome.Late)]
    [InlineData(null, 12.0, PostmortemOutcome.Overdue)]
    [InlineData(null, 0.0, PostmortemOutcome.Pending)]
    [InlineData(null, -3.0, PostmortemOutcome.Pending)]
    [InlineData(-5.0, -3.0, PostmortemOutcome.OnTime)]
    public void PostmortemOutcome_PublishedByTheDueDate_LateOverdueOrNotDueYet(double? publishedHours, double nowHours, PostmortemOutcome expected) =>
        Assert.Equal(expected, PostmortemCompletion.Of(Due, publishedHours is { } h ? Due.AddHours(h) : null, Due.AddHours(nowHours)));

    [Fact]
    public void PostmortemCompletion_InTimeOverDue_PendingLeftOut()
    {
        var completion = PostmortemCompletion.Of([PostmortemOutcome.OnTime, PostmortemOutcome.OnTime, PostmortemOutcome.Late, PostmortemOutcome.Overdue, PostmortemOutcome.Pending]);

        Assert.Equal((2, 1, 1, 1, 4), (completion.OnTime, completion.Late, completion.Overdue, completion.Pending, completion.Due));
        Assert.Equal(0.5m, completion.Rate);
        Assert.Null(PostmortemCompletion.Of([PostmortemOutcome.Pending]).Rate);
        Assert.Null(PostmortemCompletion.Empty.Rate);
    }

    [Fact]
    public void Burden_AcrossDaylightSaving_CountsByTheLocalClock_HoursOnCallMerged()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        // 8 March 2026: New York moves to EDT (UTC−4) at 02:00. 06:30Z on the 8th is 01:30 EST (asleep, a Sunday); 11:30Z on
        // Monday the 9th is 07:30 EDT (awake, before work; in winter it would be 06:30, asleep); 13:30Z is 09:30 EDT (working).
        PageTaken[] pages =
        [
            new(At("2026-03-08T06:30:00Z"), newYork, At("2026-03-08T06:33:00Z")),
            new(At("2026-03-09T11:30:00Z"), newYork, At("2026-03-09T11:40:00Z")),
            new(At("2026-03-09T13:30:00Z"), newYork, null),
        ];
        // Two overlapping shifts and one beyond the period: 08:00 to 20:00 merged, clipped at the period's end 18:00.
        Interval[] shifts =
        [
            new(At("2026-03-09T08:00:00Z"), At("2026-03-09T14:00:00Z")),
            new(At("2026-03-09T12:00:00Z"), At("2026-03-09T20:00:00Z")),
        ];

        var figure = BurdenMeasure.Of(pages, shifts, At("2026-03-08T00:00:00Z"), At("2026-03-09T18:00:00Z"));

        Assert.Equal((3, 2, 1, 1), (figure.Pages, figure.OutsideWorkingHours, figure.SleepHours, figure.AcknowledgedPromptly));
        Assert.Equal((1, 1), (figure.WorkingHours, figure.Awake));
        Assert.Equal(1m / 3, figure.PromptShare);
        Assert.Equal(TimeSpan.FromHours(10), figure.OnCall);
        Assert.Equal(PageHours.Sleep, BurdenMeasure.HoursOf(pages[0].At, newYork));
        Assert.Equal(PageHours.OutsideWorking, BurdenMeasure.HoursOf(pages[1].At, newYork));
        Assert.Equal(PageHours.Working, BurdenMeasure.HoursOf(pages[2].At, newYork));
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(5.0, true)]
    [InlineData(5.01, false)]
    [InlineData(-1.0, true)]
    [InlineData(null, false)]
    public void Burden_PromptWithinFiveMinutesOfThePage(double? minutes, bool prompt) =>
        Assert.Equal(prompt, BurdenMeasure.Prompt(Due, minutes is { } m ? Due.AddMinutes(m) : null));

    [Fact]
    public void Burden_NoPages_NoShare()
    {
        var figure = BurdenMeasure.Of([], [], Due, Due.AddDays(1));

        Assert.Equal((0, TimeSpan.Zero), (figure.Pages, figure.OnCall));
        Assert.Null(figure.PromptShare);
    }

    [Fact]
    public void Noise_SelfResolved_OnlyWhenResolvedWithNobodyAcknowledging_AlertsPerIncident()
    {
        Assert.True(Noise.SelfResolved(null, Due));
        Assert.False(Noise.SelfResolved(Due, Due.AddHours(1)));
        Assert.False(Noise.SelfResolved(null, null));
        Assert.Equal(2.5, Noise.AlertsPerIncident(5, 2));
        Assert.Null(Noise.AlertsPerIncident(3, 0));
    }
}
