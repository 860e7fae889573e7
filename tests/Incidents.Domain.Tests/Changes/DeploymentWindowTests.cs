using Incidents.Domain.Changes;

namespace Incidents.Domain.Tests.Changes;

public sealed class DeploymentWindowTests
{
    private static readonly Checkpoint InTest = new("In test", 1, new TimeOnly(12, 0), ChangeStatus.Submitted);
    private static readonly Checkpoint Ready = new("Ready for production", 3, new TimeOnly(10, 0), ChangeStatus.Approved);

    private static DeploymentWindow TuesdayThursday(params Checkpoint[] checkpoints)
    {
        var (outcome, window) = DeploymentWindow.Create(1, null, "Release window", "Europe/Berlin", [DayOfWeek.Thursday, DayOfWeek.Tuesday],
            new TimeOnly(13, 0), new TimeOnly(15, 0), checkpoints);
        Assert.True(outcome.Succeeded, outcome.Error);
        return window!;
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2027, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Occurrences_AcrossSpringForward_SameWallClockDifferentUtc()
    {
        var window = TuesdayThursday(InTest);

        var occurrences = window.Occurrences(Utc(3, 22, 0), Utc(4, 2, 0)).ToList();

        // Berlin moves from UTC+1 to UTC+2 on Sunday 28 March 2027.
        Assert.Equal([Utc(3, 23, 12), Utc(3, 25, 12), Utc(3, 30, 11), Utc(4, 1, 11)], occurrences.Select(o => o.Start));
        Assert.All(occurrences, o => Assert.Equal(TimeSpan.FromHours(2), o.End - o.Start));
        // "In test by Monday 12:00" before Tuesday 30 March is 10:00 UTC (summer time already).
        Assert.Equal(Utc(3, 29, 10), occurrences[2].Checkpoints.Single().Due);
    }

    [Fact]
    public void Checkpoint_ThreeDaysBefore_CrossesTheChangeItself()
    {
        var window = TuesdayThursday(Ready);

        var tuesday = window.Occurrences(Utc(3, 30, 0), Utc(3, 31, 0)).Single();

        // Saturday 27 March 10:00 is still winter time (UTC+1), though the window is in summer time.
        Assert.Equal(Utc(3, 27, 9), tuesday.Checkpoints.Single().Due);
        Assert.Equal(Utc(10, 26, 11), window.Occurrences(Utc(10, 26, 0), Utc(10, 27, 0)).Single().Start); // summer time: UTC+2
        Assert.Equal(Utc(11, 2, 12), window.Occurrences(Utc(11, 2, 0), Utc(11, 3, 0)).Single().Start); // after fall-back on 31 October: UTC+1 again
    }

    [Theory]
    [InlineData(11, 15, 12, 30, null)] // Tue 30 March 13:30–14:30 Berlin: inside
    [InlineData(11, 0, 13, 30, "outside the deployment windows")] // 13:00–15:30 Berlin: runs past the window
    [InlineData(8, 0, 9, 0, "outside the deployment windows")] // the morning
    public void WhyOutside_NormalChange_InsideOrOutsideTheWindow(int startHour, int startMinute, int endHour, int endMinute, string? says)
    {
        var windows = new[] { TuesdayThursday() };

        var why = ChangePlanning.WhyOutside(ChangeType.Normal, Utc(3, 30, startHour, startMinute), Utc(3, 30, endHour, endMinute), windows, []);

        if (says is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.Contains(says, why, StringComparison.Ordinal);
            Assert.Contains("Tue, Thu 13:00–15:00 (Europe/Berlin)", why, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WhyOutside_FreezeWins_EmergencyAndStandardAndNoWindowsAreFree()
    {
        var windows = new[] { TuesdayThursday() };
        var (_, freeze) = ChangeFreeze.Create(1, null, Utc(3, 29, 0), Utc(4, 5, 0), "Quarter close");
        var inside = (Utc(3, 30, 11, 15), Utc(3, 30, 12, 0));

        Assert.StartsWith("It is planned in a change freeze (Quarter close", ChangePlanning.WhyOutside(ChangeType.Normal, inside.Item1, inside.Item2, windows, [freeze!]), StringComparison.Ordinal);
        Assert.Null(ChangePlanning.WhyOutside(ChangeType.Emergency, Utc(3, 30, 3), Utc(3, 30, 4), windows, [freeze!]));
        Assert.Null(ChangePlanning.WhyOutside(ChangeType.Standard, Utc(3, 30, 3), Utc(3, 30, 4), windows, []));
        Assert.Null(ChangePlanning.WhyOutside(ChangeType.Normal, Utc(3, 30, 3), Utc(3, 30, 4), [], []));
    }

    [Theory]
    [InlineData(null, null, "Release", "Europe/Berlin", "A window belongs to a team or to one service.")]
    [InlineData(1L, null, " ", "Europe/Berlin", "Name the window")]
    [InlineData(1L, null, "Release", "Mars/Olympus", "is not a time zone")]
    public void Create_BadInput_SaysWhy(long? teamId, long? serviceId, string name, string zone, string says)
    {
        var (outcome, window) = DeploymentWindow.Create(teamId, serviceId, name, zone, [DayOfWeek.Tuesday], new TimeOnly(13, 0), new TimeOnly(15, 0), []);

        Assert.Null(window);
        Assert.Contains(says, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoint_ReachedByLaterStates_NotByRejectedOrEarlier()
    {
        Assert.True(Ready.IsReachedBy(ChangeStatus.Approved));
        Assert.True(Ready.IsReachedBy(ChangeStatus.Scheduled));
        Assert.False(Ready.IsReachedBy(ChangeStatus.Submitted));
        Assert.False(Ready.IsReachedBy(ChangeStatus.Rejected));
        Assert.True(InTest.IsReachedBy(ChangeStatus.Submitted));
    }
}
