using Incidents.Domain.Changes;
using Incidents.Domain.Reports;

namespace Incidents.Domain.Tests.Reports;

public sealed class MeasuresTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double hours) => T0.AddHours(hours);

    private static TimeSpan Minutes(double m) => TimeSpan.FromMinutes(m);

    public static TheoryData<double[], double?, double?, double?> Stats() => new()
    {
        { [], null, null, null },
        { [7], 7, 7, 7 },
        { [4, 2], 3, 4, 3 },
        { [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9, 5.5 },
        // One three-day incident: the mean is useless, the median is not.
        { [5, 6, 4, 5, 4320], 5, 4320, 868 },
        { [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 10, 6 },
    };

    [Theory]
    [MemberData(nameof(Stats))]
    public void DurationStats_MedianP90NearestRankAndMean(double[] minutes, double? median, double? p90, double? mean)
    {
        var stats = DurationStats.Of(minutes.Select(Minutes));

        Assert.Equal(minutes.Length, stats.Count);
        Assert.Equal(median is { } m ? Minutes(m) : null, stats.Median);
        Assert.Equal(p90 is { } p ? Minutes(p) : null, stats.P90);
        Assert.Equal(mean is { } a ? Minutes(a) : null, stats.Mean);
    }

    [Fact]
    public void TimeToAcknowledgeAndResolve_NeverAcknowledgedIsNull_ClockSkewIsZero()
    {
        Assert.Equal(Minutes(4), Measures.TimeToAcknowledge(At(0), At(0).AddMinutes(4)));
        Assert.Null(Measures.TimeToAcknowledge(At(0), null));
        Assert.Equal(TimeSpan.Zero, Measures.TimeToAcknowledge(At(1), At(0)));
        Assert.Equal(TimeSpan.FromHours(3), Measures.TimeToResolve(At(0), At(3)));
        Assert.Null(Measures.TimeToResolve(At(0), null));
    }

    [Fact]
    public void ReopenedIncident_CountsOnce_ToItsFirstAcknowledgementAndLastResolution()
    {
        var incident = Incidents.IncidentFactory.Open();
        var ana = Incidents.IncidentFactory.Ana;
        var t0 = incident.TriggeredAt;
        Assert.True(incident.Acknowledge(ana, t0.AddMinutes(3)).Succeeded);
        Assert.True(incident.Resolve(ana, t0.AddHours(1), "Restarted").Succeeded);
        Assert.True(incident.Reopen(ana, t0.AddHours(2), Incidents.IncidentFactory.Checkout, "It came back").Succeeded);
        Assert.True(incident.Acknowledge(ana, t0.AddHours(2).AddMinutes(30)).Succeeded);
        Assert.True(incident.Resolve(ana, t0.AddHours(5), "Rolled back").Succeeded);

        Assert.Equal(Minutes(3), Measures.TimeToAcknowledge(incident.TriggeredAt, incident.FirstAcknowledgedAt));
        Assert.Equal(TimeSpan.FromHours(5), Measures.TimeToResolve(incident.TriggeredAt, incident.ResolvedAt));
    }

    public static TheoryData<double?, double?, double, SlaOutcome> SlaCases() => new()
    {
        { null, 1, 5, SlaOutcome.NoTarget },
        { 2, 1, 5, SlaOutcome.Met },
        { 2, 2, 5, SlaOutcome.Met },
        { 2, 3, 5, SlaOutcome.Missed },
        { 2, null, 5, SlaOutcome.Missed },
        { 2, null, 1, SlaOutcome.Pending },
    };

    [Theory]
    [MemberData(nameof(SlaCases))]
    public void Sla_MetMissedPendingOrNoTarget(double? dueHours, double? doneHours, double nowHours, SlaOutcome expected)
    {
        Assert.Equal(expected, Measures.Sla(dueHours is { } d ? At(d) : null, doneHours is { } h ? At(h) : null, At(nowHours)));
    }

    [Fact]
    public void SlaCompliance_PendingAndNoTargetNotCounted()
    {
        var figure = Measures.SlaOf([SlaOutcome.Met, SlaOutcome.Met, SlaOutcome.Met, SlaOutcome.Missed, SlaOutcome.Pending, SlaOutcome.NoTarget]);

        Assert.Equal((3, 1, 1, 4, 0.75m), (figure.Met, figure.Missed, figure.Pending, figure.Counted, figure.Rate));
        Assert.Null(Measures.SlaOf([SlaOutcome.Pending]).Rate);
    }

    public static TheoryData<(double Start, double End)[], double> Unions() => new()
    {
        { [], 0 },
        { [(1, 2)], 60 },
        // Overlapping outages count once.
        { [(1, 3), (2, 4)], 180 },
        // Touching ones merge; a nested one adds nothing.
        { [(1, 2), (2, 3), (1.5, 1.75)], 120 },
        // Clipped to the period [0, 24): one started the day before, one runs past its end.
        { [(-5, 1), (23, 30)], 120 },
        { [(-5, -1), (25, 30)], 0 },
        { [(10, 11), (1, 2)], 120 },
    };

    [Theory]
    [MemberData(nameof(Unions))]
    public void Intervals_UnionMergedAndClipped(IReadOnlyList<(double Start, double End)> outages, double minutes)
    {
        var covered = Intervals.Covered(outages.Select(o => new Interval(At(o.Start), At(o.End))), At(0), At(24));

        Assert.Equal(Minutes(minutes), covered);
    }

    [Fact]
    public void Availability_AgainstTargetWithTheErrorBudgetLeft()
    {
        // 30 days at 99.9 %: a budget of 43.2 minutes; two overlapping outages of 20 and 30 minutes make 40 minutes.
        var from = T0;
        var until = T0.AddDays(30);
        var outages = new[] { new Interval(At(10), At(10).AddMinutes(30)), new Interval(At(10).AddMinutes(10), At(10).AddMinutes(30)) };

        var figure = Measures.Availability(outages, from, until, 99.9m, until);

        Assert.Equal(Minutes(30), figure.Impact);
        Assert.Equal(Minutes(43.2), figure.Budget);
        Assert.Equal(Minutes(13.2), figure.BudgetLeft);
        Assert.Equal(1 - (30m / (30 * 24 * 60)), figure.Availability);
        Assert.True(figure.MeetsTarget);
        Assert.Equal(Math.Round(13.2m / 43.2m, 6), Math.Round(figure.BudgetLeftShare!.Value, 6));
    }

    [Fact]
    public void Availability_AnOngoingOutageRunsUntilNow_APeriodStillRunningIsMeasuredToNow()
    {
        var now = At(12);
        var outage = Measures.Outage(At(11), null, null, now);

        var figure = Measures.Availability([outage], At(0), At(24), 99m, now);

        Assert.Equal(TimeSpan.FromHours(12), figure.Period);
        Assert.Equal(TimeSpan.FromHours(1), figure.Impact);
        Assert.Equal(1 - (1m / 12), figure.Availability);
        Assert.False(figure.MeetsTarget);
        Assert.True(figure.BudgetLeft < TimeSpan.Zero);
    }

    [Fact]
    public void Outage_EndsWhenMitigated_ElseWhenResolved()
    {
        Assert.Equal(new Interval(At(0), At(1)), Measures.Outage(At(0), At(1), At(3), At(9)));
        Assert.Equal(new Interval(At(0), At(3)), Measures.Outage(At(0), null, At(3), At(9)));
    }

    public static TheoryData<string, string, bool, bool> Interruptions() => new()
    {
        // Amsterdam: a Tuesday at 10:00 local is working time; 19:00 is off hours; 23:30 and 06:59 are sleep hours.
        { "2026-11-03T09:00:00Z", "Europe/Amsterdam", false, false },
        { "2026-11-03T18:00:00Z", "Europe/Amsterdam", true, false },
        { "2026-11-03T22:30:00Z", "Europe/Amsterdam", true, true },
        { "2026-11-04T05:59:00Z", "Europe/Amsterdam", true, true },
        { "2026-11-04T06:00:00Z", "Europe/Amsterdam", true, false },
        // A Saturday at noon: off hours, not sleep.
        { "2026-11-07T11:00:00Z", "Europe/Amsterdam", true, false },
        // Across DST: 29 March 2026 Amsterdam is UTC+2 from 02:00; 05:30Z is 07:30 local (awake), 04:30Z is 06:30 (asleep).
        { "2026-03-29T05:30:00Z", "Europe/Amsterdam", true, false },
        { "2026-03-29T04:30:00Z", "Europe/Amsterdam", true, true },
        // On the Monday after, 06:30Z is 08:30 local: working time (it would not be in winter).
        { "2026-03-30T06:30:00Z", "Europe/Amsterdam", false, false },
        // New York on a Monday 13:00Z is 08:00 local (EST): working time.
        { "2026-11-02T13:00:00Z", "America/New_York", false, false },
    };

    [Theory]
    [MemberData(nameof(Interruptions))]
    public void Burden_WorkingAndSleepHoursByThePersonsClock(string at, string zone, bool outsideWorkingHours, bool inSleepHours)
    {
        var interruption = Burden.Classify(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(new Interruption(outsideWorkingHours, inSleepHours), interruption);
    }

    [Theory]
    [InlineData(0, AgeBucket.UpToAWeek)]
    [InlineData(7.9, AgeBucket.UpToAWeek)]
    [InlineData(8, AgeBucket.UpToAMonth)]
    [InlineData(30.5, AgeBucket.UpToAMonth)]
    [InlineData(31, AgeBucket.UpToAQuarter)]
    [InlineData(90, AgeBucket.UpToAQuarter)]
    [InlineData(91, AgeBucket.Older)]
    public void Aging_Buckets(double days, AgeBucket bucket)
    {
        Assert.Equal(bucket, Aging.Of(T0, T0.AddDays(days)));
    }

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(20, 10, DoraBand.Elite)]
    [InlineData(3, 1.5, DoraBand.High)]
    [InlineData(2, 0.25, DoraBand.Medium)]
    [InlineData(1, 0.1, DoraBand.Low)]
    public void DoraBands_DeploymentFrequency(int deployments, double perWeek, DoraBand? band)
    {
        Assert.Equal(band, DoraBands.Frequency(deployments, perWeek));
    }

    [Theory]
    [InlineData(2, DoraBand.Elite)]
    [InlineData(30, DoraBand.High)]
    [InlineData(200, DoraBand.Medium)]
    [InlineData(1000, DoraBand.Low)]
    public void DoraBands_LeadTime(double hours, DoraBand band) => Assert.Equal(band, DoraBands.LeadTime(TimeSpan.FromHours(hours)));

    [Theory]
    [InlineData(0.05, DoraBand.Elite)]
    [InlineData(0.08, DoraBand.High)]
    [InlineData(0.2, DoraBand.Medium)]
    [InlineData(0.5, DoraBand.Low)]
    public void DoraBands_FailureRate(double rate, DoraBand band) => Assert.Equal(band, DoraBands.FailureRate((decimal)rate));

    [Theory]
    [InlineData(0.5, DoraBand.Elite)]
    [InlineData(5, DoraBand.High)]
    [InlineData(48, DoraBand.Medium)]
    [InlineData(400, DoraBand.Low)]
    public void DoraBands_Recovery(double hours, DoraBand band) => Assert.Equal(band, DoraBands.Recovery(TimeSpan.FromHours(hours)));

    [Fact]
    public void DoraBands_NoFigure_NoBand()
    {
        Assert.Null(DoraBands.LeadTime(null));
        Assert.Null(DoraBands.FailureRate(null));
        Assert.Null(DoraBands.Recovery(null));
    }
}
