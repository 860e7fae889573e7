using Incidents.Domain.OnCall;

namespace Incidents.Web.Features.OnCall.Schedules;

/// <summary>The layer editor's state; one optional restriction window covers the common cases (office hours, nights).</summary>
public sealed class LayerForm
{
    public long? Id { get; init; }

    public string Name { get; set; } = "";

    public List<string> Participants { get; set; } = [];

    public int RotationLength { get; set; } = 1;

    public RotationUnit RotationUnit { get; set; } = RotationUnit.Weeks;

    public DateTime? StartsAt { get; set; }

    public bool Restricted { get; set; }

    public IReadOnlyCollection<DayOfWeek> Days { get; set; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public TimeSpan? WindowFrom { get; set; } = TimeSpan.FromHours(9);

    public TimeSpan? WindowTo { get; set; } = TimeSpan.FromHours(17);

    public static LayerForm From(ScheduleLayer layer) => new()
    {
        Id = layer.Id,
        Name = layer.Name,
        Participants = [.. layer.Participants],
        RotationLength = layer.RotationLength,
        RotationUnit = layer.RotationUnit,
        StartsAt = layer.StartsAtLocal,
        Restricted = layer.Restrictions.Count > 0,
        Days = layer.Restrictions.Count > 0 ? [.. layer.Restrictions[0].Days] : [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        WindowFrom = layer.Restrictions.Count > 0 ? layer.Restrictions[0].From.ToTimeSpan() : TimeSpan.FromHours(9),
        WindowTo = layer.Restrictions.Count > 0 ? layer.Restrictions[0].To.ToTimeSpan() : TimeSpan.FromHours(17),
    };

    public LayerInput ToInput() => new(
        Name,
        Participants,
        RotationLength,
        RotationUnit,
        StartsAt ?? DateTime.Today,
        null,
        Restricted ? [new TimeWindow([.. Days], TimeOnly.FromTimeSpan(WindowFrom ?? TimeSpan.Zero), TimeOnly.FromTimeSpan(WindowTo ?? TimeSpan.Zero))] : []);
}
