namespace Incidents.Domain.Alerts;

/// <summary>How a service's open alerts become incidents, so a storm yields few incidents.</summary>
public enum GroupingMode
{
    /// <summary>Each dedup key opens its own incident.</summary>
    ByDedupKey,
    /// <summary>Alerts with the same group key (Alertmanager's groupKey, Events v2 payload.group) share an incident.</summary>
    ByGroupKey,
    /// <summary>Alerts within the window after an incident opened join it.</summary>
    TimeWindow,
}

/// <summary>New alerts that share a slot go to one incident: a group key is one slot per service, whichever integration
/// sends it; a time window one slot per integration.</summary>
public readonly record struct GroupingSlot(long ServiceId, long IntegrationId, string? GroupKey);

/// <summary>The grouping policy: which new alerts share an incident, and which earlier alerts may lead a new one to theirs.</summary>
public static class AlertGrouping
{
    /// <summary>The slot a new alert takes under <paramref name="mode"/>, or null when it opens its own incident.</summary>
    public static GroupingSlot? SlotOf(GroupingMode mode, Alert alert) => mode switch
    {
        GroupingMode.ByDedupKey => null,
        GroupingMode.ByGroupKey => alert.GroupKey is null ? null : new GroupingSlot(alert.ServiceId, 0, alert.GroupKey),
        GroupingMode.TimeWindow => new GroupingSlot(alert.ServiceId, alert.IntegrationId, null),
    };

    /// <summary>
    /// The earliest first sighting an earlier alert of the same integration may have to share its incident with
    /// <paramref name="alert"/> under <see cref="GroupingMode.TimeWindow"/>.
    /// </summary>
    public static DateTimeOffset WindowStart(Alert alert, int windowMinutes) => alert.FirstSeenAt.AddMinutes(-windowMinutes);
}
