namespace Incidents.Domain.Reports;

/// <summary>When a page reached a person, by their own clock.</summary>
public readonly record struct Interruption(bool OutsideWorkingHours, bool InSleepHours);

/// <summary>
/// On-call burden: a page is an interruption outside working hours unless it comes 08:00–18:00 Monday to Friday in the
/// person's time zone, and in sleep hours when it comes 22:00–07:00 (any day). Both are wall-clock, so they hold across
/// daylight saving.
/// </summary>
public static class Burden
{
    public static readonly TimeOnly WorkStarts = new(8, 0);
    public static readonly TimeOnly WorkEnds = new(18, 0);
    public static readonly TimeOnly SleepStarts = new(22, 0);
    public static readonly TimeOnly SleepEnds = new(7, 0);

    /// <summary>A page acknowledged this fast counts as answered promptly.</summary>
    public static readonly TimeSpan Prompt = TimeSpan.FromMinutes(5);

    public static Interruption Classify(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var workday = local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        var working = workday && time >= WorkStarts && time < WorkEnds;
        var sleeping = time >= SleepStarts || time < SleepEnds;
        return new Interruption(!working, sleeping);
    }
}

/// <summary>The age groups of open countermeasures.</summary>
public enum AgeBucket
{
    UpToAWeek,
    UpToAMonth,
    UpToAQuarter,
    Older,
}

public static class Aging
{
    /// <summary>0–7 days, 8–30, 31–90, more than 90 (whole days since it was proposed).</summary>
    public static AgeBucket Of(DateTimeOffset since, DateTimeOffset now) => (int)Math.Floor((now - since).TotalDays) switch
    {
        <= 7 => AgeBucket.UpToAWeek,
        <= 30 => AgeBucket.UpToAMonth,
        <= 90 => AgeBucket.UpToAQuarter,
        _ => AgeBucket.Older,
    };

    public static string Label(AgeBucket bucket) => bucket switch
    {
        AgeBucket.UpToAWeek => "0–7 days",
        AgeBucket.UpToAMonth => "8–30 days",
        AgeBucket.UpToAQuarter => "31–90 days",
        AgeBucket.Older => "over 90 days",
    };
}
