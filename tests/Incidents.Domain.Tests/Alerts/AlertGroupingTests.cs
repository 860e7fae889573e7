using Incidents.Domain.Alerts;
using Incidents.Domain.Incidents;

namespace Incidents.Domain.Tests.Alerts;

public sealed class AlertGroupingTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static Alert Fired(long integration, string key, string? group) =>
        Alert.Fire(7, integration, new AlertEvent(AlertAction.Trigger, key, "Pod crash-looping", "kube", Severity.Sev2, null, group, new Dictionary<string, string>()), "{}", At);

    [Fact]
    public void ByGroupKey_SameKeyFromAnyIntegration_OneSlot_NoKeyNoSlot()
    {
        Assert.Equal(AlertGrouping.SlotOf(GroupingMode.ByGroupKey, Fired(1, "a", "cell-1")), AlertGrouping.SlotOf(GroupingMode.ByGroupKey, Fired(2, "b", "cell-1")));
        Assert.NotEqual(AlertGrouping.SlotOf(GroupingMode.ByGroupKey, Fired(1, "a", "cell-1")), AlertGrouping.SlotOf(GroupingMode.ByGroupKey, Fired(1, "b", "cell-2")));
        Assert.Null(AlertGrouping.SlotOf(GroupingMode.ByGroupKey, Fired(1, "a", null)));
    }

    [Fact]
    public void TimeWindow_OneSlotPerIntegration_WhateverTheGroup()
    {
        Assert.Equal(AlertGrouping.SlotOf(GroupingMode.TimeWindow, Fired(1, "a", "cell-1")), AlertGrouping.SlotOf(GroupingMode.TimeWindow, Fired(1, "b", null)));
        Assert.NotEqual(AlertGrouping.SlotOf(GroupingMode.TimeWindow, Fired(1, "a", null)), AlertGrouping.SlotOf(GroupingMode.TimeWindow, Fired(2, "a", null)));
        Assert.Equal(At.AddMinutes(-30), AlertGrouping.WindowStart(Fired(1, "a", null), 30));
    }

    [Fact]
    public void ByDedupKey_EveryAlertItsOwnIncident() => Assert.Null(AlertGrouping.SlotOf(GroupingMode.ByDedupKey, Fired(1, "a", "cell-1")));
}
