using Incidents.Domain.OnCall;

namespace Incidents.Domain.Tests.OnCall;

public sealed class ScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso + "Z", System.Globalization.CultureInfo.InvariantCulture);

    private static Schedule Rotation(string zone, string startLocal, int length, RotationUnit unit, params string[] people)
    {
        var schedule = new Schedule("Primary", zone, null);
        schedule.Layers.Add(new ScheduleLayer
        {
            Name = "Rotation",
            StartsAtLocal = DateTime.Parse(startLocal, System.Globalization.CultureInfo.InvariantCulture),
            RotationLength = length,
            RotationUnit = unit,
            Participants = [.. people],
        });
        return schedule;
    }

    // Daily hand-off at 09:00 Berlin time; DST starts Sun 2026-03-29 (02:00 → 03:00) and ends Sun 2026-10-25 (03:00 → 02:00).
    [Theory]
    [InlineData("2026-03-27T07:59:59", null)] // before the first turn
    [InlineData("2026-03-27T08:00:00", "ana")] // 09:00 CET
    [InlineData("2026-03-28T07:59:59", "ana")]
    [InlineData("2026-03-28T08:00:00", "bob")]
    [InlineData("2026-03-29T06:59:59", "bob")] // 08:59 CEST on the day DST starts
    [InlineData("2026-03-29T07:00:00", "cem")] // 09:00 CEST: the hand-off stays at 09:00 wall-clock
    [InlineData("2026-03-30T07:00:00", "ana")]
    [InlineData("2026-10-25T07:59:59", "bob")] // 08:59 CET on the day DST ends (turn 211)
    [InlineData("2026-10-25T08:00:00", "cem")] // 09:00 CET (turn 212)
    public void OnCallAt_DailyRotationAcrossDst_HandsOffAtTheSameWallClockTime(string utc, string? expected)
    {
        var schedule = Rotation("Europe/Berlin", "2026-03-27T09:00", 1, RotationUnit.Days, "ana", "bob", "cem");

        Assert.Equal(expected, schedule.OnCallAt(Utc(utc)));
    }

    // Weekly hand-off Mondays 09:00 New York; DST starts Sun 2026-03-08 and ends Sun 2026-11-01.
    [Theory]
    [InlineData("2026-03-02T14:00:00", "ana")] // Mon 09:00 EST
    [InlineData("2026-03-09T12:59:59", "ana")] // Mon 08:59 EDT
    [InlineData("2026-03-09T13:00:00", "bob")] // Mon 09:00 EDT
    [InlineData("2026-11-02T13:59:59", "ana")] // Mon 08:59 EST after DST ended (turn 34)
    [InlineData("2026-11-02T14:00:00", "bob")]
    public void OnCallAt_WeeklyRotationAcrossDst_MondayNineLocal(string utc, string expected)
    {
        var schedule = Rotation("America/New_York", "2026-03-02T09:00", 1, RotationUnit.Weeks, "ana", "bob");

        Assert.Equal(expected, schedule.OnCallAt(Utc(utc)));
    }

    [Fact]
    public void HandOff_AtATimeSkippedBySpringForward_MovesForwardByTheGap()
    {
        var layer = Rotation("Europe/Berlin", "2026-03-28T02:30", 1, RotationUnit.Days, "ana", "bob").Layers[0];
        var zone = ZoneTime.Find("Europe/Berlin");

        Assert.Equal(Utc("2026-03-28T01:30:00"), layer.HandOff(0, zone)); // 02:30 CET
        Assert.Equal(Utc("2026-03-29T01:30:00"), layer.HandOff(1, zone)); // 02:30 does not exist: 03:30 CEST
        Assert.Equal(Utc("2026-03-30T00:30:00"), layer.HandOff(2, zone)); // 02:30 CEST
    }

    [Fact]
    public void HandOff_AtATimeRepeatedByFallBack_TakesTheFirstOccurrence()
    {
        var layer = Rotation("America/New_York", "2026-10-31T01:30", 1, RotationUnit.Days, "ana", "bob").Layers[0];
        var zone = ZoneTime.Find("America/New_York");

        Assert.Equal(Utc("2026-10-31T05:30:00"), layer.HandOff(0, zone)); // 01:30 EDT
        Assert.Equal(Utc("2026-11-01T05:30:00"), layer.HandOff(1, zone)); // 01:30 happens twice: the EDT one
        Assert.Equal(Utc("2026-11-02T06:30:00"), layer.HandOff(2, zone)); // 01:30 EST
    }

    [Theory]
    [InlineData("2026-03-28T19:00:00", "ana")] // 20:00 CET
    [InlineData("2026-03-29T06:59:59", "ana")]
    [InlineData("2026-03-29T07:00:00", "bob")] // 12 elapsed hours later: 09:00 CEST, not 08:00
    [InlineData("2026-03-29T19:00:00", "ana")]
    public void OnCallAt_HourlyRotation_RotatesByElapsedTime(string utc, string expected)
    {
        var schedule = Rotation("Europe/Berlin", "2026-03-28T20:00", 12, RotationUnit.Hours, "ana", "bob");

        Assert.Equal(expected, schedule.OnCallAt(Utc(utc)));
    }

    // Base layer: ana and bob weekly, all hours. Higher layer: cem on weekdays 09–17 Berlin (CET in January).
    [Theory]
    [InlineData("2026-01-05T09:00:00", "cem", ShiftSource.Layer)] // Mon 10:00
    [InlineData("2026-01-05T16:00:00", "ana", ShiftSource.Layer)] // Mon 17:00: window closed
    [InlineData("2026-01-10T09:00:00", "ana", ShiftSource.Layer)] // Sat 10:00
    [InlineData("2026-01-12T09:00:00", "cem", ShiftSource.Layer)] // next Mon 10:00
    [InlineData("2026-01-12T16:30:00", "bob", ShiftSource.Layer)] // next Mon 17:30: base layer's next turn
    public void Resolve_RestrictedHigherLayer_WinsOnlyInsideItsWindow(string utc, string expected, ShiftSource source)
    {
        var schedule = Rotation("Europe/Berlin", "2026-01-05T09:00", 1, RotationUnit.Weeks, "ana", "bob");
        schedule.Layers.Add(new ScheduleLayer
        {
            Name = "Office hours",
            Precedence = 1,
            StartsAtLocal = new DateTime(2026, 1, 1),
            RotationLength = 1,
            RotationUnit = RotationUnit.Weeks,
            Participants = ["cem"],
            Restrictions = [TimeWindow.WorkingHours],
        });

        Assert.Equal((expected, source), schedule.Resolve(Utc(utc)));
    }

    [Theory]
    [InlineData("2026-01-06T02:00:00", true)] // Tue 03:00: the Monday night
    [InlineData("2026-01-10T02:00:00", true)] // Sat 03:00: the Friday night
    [InlineData("2026-01-11T02:00:00", false)] // Sun 03:00: Saturday night is not listed
    [InlineData("2026-01-12T02:00:00", false)] // Mon 03:00: Sunday night is not listed
    [InlineData("2026-01-05T17:00:00", true)] // Mon 18:00
    [InlineData("2026-01-05T16:59:59", false)]
    public void TimeWindow_OvernightWindow_CoversTheNightsStartingOnItsDays(string utc, bool expected)
    {
        var nights = new TimeWindow([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], new TimeOnly(18, 0), new TimeOnly(9, 0));

        Assert.Equal(expected, nights.Contains(ZoneTime.ToLocal(Utc(utc), ZoneTime.Find("Europe/Berlin"))));
    }

    [Fact]
    public void Resolve_Overrides_WinOverLayersNewestFirstEndExclusive()
    {
        var schedule = Rotation("UTC", "2026-01-01T00:00", 1, RotationUnit.Weeks, "ana");
        Assert.True(schedule.AddOverride("bob", Utc("2026-01-02T18:00:00"), Utc("2026-01-05T09:00:00"), "Ana is away", new Actor("ana", "Ana"), Now).Succeeded);
        Assert.True(schedule.AddOverride("cem", Utc("2026-01-03T00:00:00"), Utc("2026-01-03T12:00:00"), null, new Actor("bob", "Bob"), Now.AddMinutes(1)).Succeeded);

        Assert.Equal("ana", schedule.OnCallAt(Utc("2026-01-02T17:59:59")));
        Assert.Equal(("bob", ShiftSource.Override), schedule.Resolve(Utc("2026-01-02T18:00:00")));
        Assert.Equal("cem", schedule.OnCallAt(Utc("2026-01-03T06:00:00")));
        Assert.Equal("bob", schedule.OnCallAt(Utc("2026-01-03T12:00:00")));
        Assert.Equal("ana", schedule.OnCallAt(Utc("2026-01-05T09:00:00")));
    }

    [Theory]
    [InlineData("", "2026-01-02T00:00:00", "2026-01-03T00:00:00", "Choose who covers.")]
    [InlineData("bob", "2026-01-03T00:00:00", "2026-01-02T00:00:00", "The override must end after it starts.")]
    [InlineData("bob", "2025-12-01T00:00:00", "2025-12-02T00:00:00", "The override is entirely in the past.")]
    public void AddOverride_Invalid_SaysWhyAndAddsNothing(string user, string from, string to, string error)
    {
        var schedule = Rotation("UTC", "2026-01-01T00:00", 1, RotationUnit.Weeks, "ana");

        var outcome = schedule.AddOverride(user, Utc(from), Utc(to), null, Actor.System, Now);

        Assert.Equal(error, outcome.Error);
        Assert.Empty(schedule.Overrides);
    }

    [Fact]
    public void Shifts_TwoLayersAndAnOverride_ConsecutiveMergedWithGaps()
    {
        var schedule = Rotation("UTC", "2026-01-05T00:00", 1, RotationUnit.Days, "ana", "bob");
        schedule.Layers[0].EndsAt = Utc("2026-01-08T00:00:00");
        schedule.AddOverride("cem", Utc("2026-01-05T12:00:00"), Utc("2026-01-06T06:00:00"), null, Actor.System, Now);

        var shifts = schedule.Shifts(Utc("2026-01-04T00:00:00"), Utc("2026-01-09T00:00:00"));

        Assert.Equal(
        [
            new Shift(Utc("2026-01-04T00:00:00"), Utc("2026-01-05T00:00:00"), null, ShiftSource.Nobody),
            new Shift(Utc("2026-01-05T00:00:00"), Utc("2026-01-05T12:00:00"), "ana", ShiftSource.Layer),
            new Shift(Utc("2026-01-05T12:00:00"), Utc("2026-01-06T06:00:00"), "cem", ShiftSource.Override),
            new Shift(Utc("2026-01-06T06:00:00"), Utc("2026-01-07T00:00:00"), "bob", ShiftSource.Layer),
            new Shift(Utc("2026-01-07T00:00:00"), Utc("2026-01-08T00:00:00"), "ana", ShiftSource.Layer),
            new Shift(Utc("2026-01-08T00:00:00"), Utc("2026-01-09T00:00:00"), null, ShiftSource.Nobody),
        ], shifts);
    }

    [Fact]
    public void Shifts_RestrictedLayerOverTwoWeeks_EveryAnswerMatchesOnCallAt()
    {
        var schedule = Rotation("Europe/Berlin", "2026-03-20T09:00", 3, RotationUnit.Days, "ana", "bob", "cem");
        schedule.Layers.Add(new ScheduleLayer
        {
            Precedence = 1,
            StartsAtLocal = new DateTime(2026, 3, 20, 18, 0, 0),
            RotationLength = 1,
            RotationUnit = RotationUnit.Weeks,
            Participants = ["dan", "eve"],
            Restrictions = [new TimeWindow([DayOfWeek.Saturday, DayOfWeek.Sunday], new TimeOnly(0, 0), new TimeOnly(0, 0))],
        });
        var from = Utc("2026-03-21T00:00:00");

        var shifts = schedule.Shifts(from, from.AddDays(14));

        Assert.Equal(from, shifts[0].From);
        Assert.Equal(from.AddDays(14), shifts[^1].To);
        for (var at = from; at < from.AddDays(14); at = at.AddMinutes(15))
        {
            Assert.Equal(schedule.OnCallAt(at), shifts.Single(s => s.From <= at && at < s.To).UserId);
        }
    }

    [Fact]
    public void Validate_UnknownTimeZone_Refused()
    {
        Assert.Equal("\"Mars/Olympus\" is not a known time zone.", Schedule.Validate("Primary", "Mars/Olympus"));
        Assert.Null(Schedule.Validate("Primary", "Europe/Berlin"));
    }

    [Fact]
    public void StartOfDay_OnTheDaylightSavingDay_UsesMidnightsOwnOffset()
    {
        var zone = ZoneTime.Find("Europe/Berlin");
        // 29 March 2026, 12:00 in Berlin (+02:00 since 02:00); that day's midnight was still +01:00.
        var noon = new DateTimeOffset(2026, 3, 29, 10, 0, 0, TimeSpan.Zero);

        var midnight = ZoneTime.StartOfDay(noon, zone);

        Assert.Equal(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), midnight.ToUniversalTime());
        Assert.NotEqual(new DateTimeOffset(TimeZoneInfo.ConvertTime(noon, zone).Date, TimeZoneInfo.ConvertTime(noon, zone).Offset), midnight);
    }
}
