namespace Incidents.Domain.Reports;

/// <summary>How a postmortem due in a period came out.</summary>
public enum PostmortemOutcome
{
    /// <summary>Published by its due date.</summary>
    OnTime,

    /// <summary>Published after its due date.</summary>
    Late,

    /// <summary>Past its due date and still not published.</summary>
    Overdue,

    /// <summary>Not due yet and not published: not counted.</summary>
    Pending,
}

/// <summary>Postmortem completion: published by their due date / those due (pending ones, not due yet, left out).</summary>
public sealed record PostmortemCompletion(int OnTime, int Late, int Overdue, int Pending)
{
    public static PostmortemCompletion Empty { get; } = new(0, 0, 0, 0);

    public int Due => OnTime + Late + Overdue;

    public decimal? Rate => Due == 0 ? null : (decimal)OnTime / Due;

    public static PostmortemOutcome Of(DateTimeOffset dueAt, DateTimeOffset? publishedAt, DateTimeOffset now) => publishedAt switch
    {
        { } published when published <= dueAt => PostmortemOutcome.OnTime,
        not null => PostmortemOutcome.Late,
        null when now > dueAt => PostmortemOutcome.Overdue,
        null => PostmortemOutcome.Pending,
    };

    public static PostmortemCompletion Of(IEnumerable<PostmortemOutcome> outcomes)
    {
        var counts = new int[4];
        foreach (var outcome in outcomes)
        {
            counts[(int)outcome]++;
        }

        return new PostmortemCompletion(counts[0], counts[1], counts[2], counts[3]);
    }
}

/// <summary>Where a page fell in its receiver's day: working hours, awake outside them, or asleep.</summary>
public enum PageHours
{
    Working,
    OutsideWorking,
    Sleep,
}

/// <summary>The on-call burden of one person (or rotation) over a period.</summary>
public sealed record BurdenFigure(int Pages, int OutsideWorkingHours, int SleepHours, int AcknowledgedPromptly, TimeSpan OnCall)
{
    /// <summary>Pages acknowledged within <see cref="Burden.Prompt"/> / pages.</summary>
    public decimal? PromptShare => Pages == 0 ? null : (decimal)AcknowledgedPromptly / Pages;

    public int WorkingHours => Pages - OutsideWorkingHours;

    /// <summary>Outside working hours but not in sleep hours (evenings, early mornings, weekend days).</summary>
    public int Awake => OutsideWorkingHours - SleepHours;
}

/// <summary>A page as the burden figures see it: when it came, in whose zone, and when its incident was first acknowledged.</summary>
public sealed record PageTaken(DateTimeOffset At, TimeZoneInfo Zone, DateTimeOffset? AcknowledgedAt);

public static class BurdenMeasure
{
    public static PageHours HoursOf(DateTimeOffset at, TimeZoneInfo zone)
    {
        var interruption = Burden.Classify(at, zone);
        return interruption.InSleepHours ? PageHours.Sleep : interruption.OutsideWorkingHours ? PageHours.OutsideWorking : PageHours.Working;
    }

    /// <summary>The incident was acknowledged (by anyone) no later than <see cref="Burden.Prompt"/> after the page.</summary>
    public static bool Prompt(DateTimeOffset pagedAt, DateTimeOffset? acknowledgedAt) => acknowledgedAt is { } a && a - pagedAt <= Burden.Prompt;

    /// <summary>Pages counted by hours and promptness; hours on call is the union of the person's shifts clipped to the period.</summary>
    public static BurdenFigure Of(IEnumerable<PageTaken> pages, IEnumerable<Interval> shifts, DateTimeOffset from, DateTimeOffset until)
    {
        int count = 0, outside = 0, sleep = 0, prompt = 0;
        foreach (var page in pages)
        {
            count++;
            var interruption = Burden.Classify(page.At, page.Zone);
            outside += interruption.OutsideWorkingHours ? 1 : 0;
            sleep += interruption.InSleepHours ? 1 : 0;
            prompt += Prompt(page.At, page.AcknowledgedAt) ? 1 : 0;
        }

        return new BurdenFigure(count, outside, sleep, prompt, Intervals.Covered(shifts, from, until));
    }
}

/// <summary>Alert noise: incidents from alerts that ended without anyone acknowledging them.</summary>
public static class Noise
{
    public static bool SelfResolved(DateTimeOffset? firstAcknowledgedAt, DateTimeOffset? resolvedAt) => firstAcknowledgedAt is null && resolvedAt is not null;

    /// <summary>Alerts per incident they opened or joined; null without incidents.</summary>
    public static double? AlertsPerIncident(int alerts, int incidents) => incidents == 0 ? null : (double)alerts / incidents;
}
