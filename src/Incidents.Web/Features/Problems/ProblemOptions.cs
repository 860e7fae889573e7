using Incidents.Domain.Problems;

namespace Incidents.Web.Features.Problems;

internal sealed class ProblemOptions
{
    public const string Section = "Problems";

    /// <summary>How long a fixed problem is watched for a recurrence before the fix counts as verified.</summary>
    public int WatchWindowDays { get; set; } = 30;

    /// <summary>Work-in-progress limits of the countermeasure board's columns (absent: no limit).</summary>
    public Dictionary<CountermeasureState, int> WipLimits { get; set; } = new()
    {
        [CountermeasureState.Accepted] = 10,
        [CountermeasureState.InProgress] = 5,
    };

    public TimeSpan WatchWindow => TimeSpan.FromDays(WatchWindowDays);
}
