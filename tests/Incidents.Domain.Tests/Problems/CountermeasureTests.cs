using Incidents.Domain.Problems;

namespace Incidents.Domain.Tests.Problems;

public sealed class CountermeasureTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(CountermeasureState.Accepted, true)]
    [InlineData(CountermeasureState.InProgress, false)]
    [InlineData(CountermeasureState.Done, false)]
    [InlineData(CountermeasureState.Rejected, true)]
    [InlineData(CountermeasureState.Verified, false)]
    public void MoveTo_FromProposed_OneColumnAtATimeOrRejected(CountermeasureState to, bool allowed)
    {
        var (_, item) = Countermeasure.Propose("Add a pool-size alert", CountermeasureKind.MonitoringDetection, 1, At);

        var outcome = item!.MoveTo(to, At);

        Assert.Equal(allowed, outcome.Succeeded);
        Assert.Equal(allowed ? to : CountermeasureState.Proposed, item.State);
    }

    [Fact]
    public void FullPath_DoneStampedThenIneffectiveBackToWork()
    {
        var (_, item) = Countermeasure.Propose("Fix the connection leak", CountermeasureKind.SoftwareFix, 1, At);
        foreach (var state in new[] { CountermeasureState.Accepted, CountermeasureState.InProgress, CountermeasureState.Done })
        {
            Assert.True(item!.MoveTo(state, At.AddDays(1)).Succeeded);
        }

        Assert.Equal(At.AddDays(1), item!.DoneAt);
        Assert.True(item.GoesToBacklog);
        item.MarkIneffective(At.AddDays(5));
        Assert.True(item.Ineffective);
        Assert.Equal(CountermeasureState.InProgress, item.State);
        Assert.Null(item.DoneAt);
    }

    [Theory]
    [InlineData(BacklogItemState.Done, CountermeasureState.Accepted, CountermeasureState.Done)]
    [InlineData(BacklogItemState.InProgress, CountermeasureState.Accepted, CountermeasureState.InProgress)]
    [InlineData(BacklogItemState.Dropped, CountermeasureState.InProgress, CountermeasureState.Rejected)]
    [InlineData(BacklogItemState.Open, CountermeasureState.Done, CountermeasureState.InProgress)]
    [InlineData(BacklogItemState.Open, CountermeasureState.Rejected, CountermeasureState.Accepted)]
    [InlineData(BacklogItemState.Open, CountermeasureState.InProgress, CountermeasureState.InProgress)]
    public void FollowBacklog_TrackerState_MovesTheBoard(BacklogItemState item, CountermeasureState from, CountermeasureState expected)
    {
        var countermeasure = InState(from);

        var moved = countermeasure.FollowBacklog(item, "label", At.AddDays(2));

        Assert.Equal(expected, countermeasure.State);
        Assert.Equal(from != expected, moved);
        Assert.Equal("label", countermeasure.BacklogState);
        Assert.Equal(expected == CountermeasureState.Done ? At.AddDays(2) : null, countermeasure.DoneAt);
    }

    [Fact]
    public void LinkBacklogItem_Proposed_BecomesAcceptedWithTheItem()
    {
        var (_, item) = Countermeasure.Propose("Fix the leak", CountermeasureKind.SoftwareFix, 1, At);

        item!.LinkBacklogItem(BacklogSystem.GitHub, "42", "https://github.com/acme/shop/issues/42", "open", At);

        Assert.Equal(CountermeasureState.Accepted, item.State);
        Assert.Equal(("42", BacklogSystem.GitHub), (item.BacklogItemId, item.BacklogSystem));
        Assert.Equal(OutcomeKind.Conflict, item.Edit("Fix the leak", null, CountermeasureKind.ProcessTraining, null, null, 2, null).Kind);
        Assert.True(item.Edit("Fix the pool leak", "details", CountermeasureKind.SoftwareFix, "u1", new DateOnly(2026, 12, 1), 1, 7).Succeeded);
        Assert.Equal((1, 7L, "u1"), (item.Priority, item.TeamId!.Value, item.OwnerId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Edit_PriorityOutOfRange_Invalid(int priority)
    {
        var (_, item) = Countermeasure.Propose("Add a runbook", CountermeasureKind.ProcessTraining, null, At);

        Assert.Equal(OutcomeKind.Invalid, item!.Edit("Add a runbook", null, CountermeasureKind.ProcessTraining, null, null, priority, null).Kind);
    }

    [Fact]
    public void Verify_OnlyWhenDone()
    {
        var inProgress = InState(CountermeasureState.InProgress);
        var done = InState(CountermeasureState.Done);

        Assert.False(inProgress.Verify(At));
        Assert.True(done.Verify(At.AddDays(30)));
        Assert.Equal(CountermeasureState.Verified, done.State);
        Assert.Equal(At, done.DoneAt);
    }

    private static Countermeasure InState(CountermeasureState state)
    {
        var (_, item) = Countermeasure.Propose("Fix it", CountermeasureKind.SoftwareFix, 1, At);
        CountermeasureState[] path = state switch
        {
            CountermeasureState.Proposed => [],
            CountermeasureState.Accepted => [CountermeasureState.Accepted],
            CountermeasureState.InProgress => [CountermeasureState.Accepted, CountermeasureState.InProgress],
            CountermeasureState.Done => [CountermeasureState.Accepted, CountermeasureState.InProgress, CountermeasureState.Done],
            CountermeasureState.Verified => [CountermeasureState.Accepted, CountermeasureState.InProgress, CountermeasureState.Done, CountermeasureState.Verified],
            CountermeasureState.Rejected => [CountermeasureState.Rejected],
        };
        foreach (var step in path)
        {
            Assert.True(item!.MoveTo(step, At).Succeeded);
        }

        return item!;
    }

    [Fact]
    public void Propose_WithoutTitle_Invalid()
    {
        Assert.Equal(OutcomeKind.Invalid, Countermeasure.Propose(" ", CountermeasureKind.ProcessTraining, null, At).Outcome.Kind);
    }
}

public sealed class RecurrenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(7, "DiskFull", "3f9a1c", "7|DiskFull")]
    [InlineData(7, null, "disk-full", "7|disk-full")]
    [InlineData(7, " ", "disk-full", "7|disk-full")]
    [InlineData(7, null, null, null)]
    public void Fingerprint_ServiceAndAlertNameElseDedupKey(long service, string? alertName, string? dedupKey, string? expected)
    {
        Assert.Equal(expected, Recurrence.Fingerprint(service, alertName, dedupKey));
    }

    [Fact]
    public void Fingerprint_LongKey_CappedToFitTheColumn()
    {
        var fingerprint = Recurrence.Fingerprint(12, null, new string('k', 400));

        Assert.Equal(3 + 255, fingerprint!.Length);
    }

    [Fact]
    public void Candidates_ThreeWithinThirtyDays_FlaggedMostFrequentFirst()
    {
        FingerprintedIncident[] incidents =
        [
            new(1, "a|disk", Now.AddDays(-29)), new(2, "a|disk", Now.AddDays(-10)), new(3, "a|disk", Now.AddDays(-1)),
            new(4, "b|latency", Now.AddDays(-31)), new(5, "b|latency", Now.AddDays(-2)), new(6, "b|latency", Now.AddDays(-1)),
            new(7, "c|oom", Now.AddDays(-3)), new(8, "c|oom", Now.AddDays(-2)), new(9, "c|oom", Now.AddDays(-1)), new(10, "c|oom", Now.AddHours(-1)),
        ];

        var candidates = Recurrence.Candidates(incidents, Now);

        Assert.Equal(["c|oom", "a|disk"], candidates.Select(c => c.Fingerprint));
        Assert.Equal(4, candidates[0].Count);
        Assert.Equal([1L, 2, 3], candidates[1].IncidentIds);
    }

    [Theory]
    [InlineData(CountermeasureKind.SoftwareFix, CountermeasureState.Accepted, null, null)]
    [InlineData(CountermeasureKind.SoftwareFix, CountermeasureState.Accepted, "42", "It is in the backlog already.")]
    [InlineData(CountermeasureKind.SoftwareFix, CountermeasureState.Done, null, "needs no backlog item")]
    [InlineData(CountermeasureKind.ProcessTraining, CountermeasureState.Proposed, null, "not in the development backlog")]
    public void WhyNotToBacklog_OneRuleForHandlerAndPages(CountermeasureKind kind, CountermeasureState state, string? itemId, string? refusal)
    {
        var why = Countermeasure.WhyNotToBacklog(kind, state, itemId);

        if (refusal is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.Contains(refusal, why, StringComparison.Ordinal);
        }
    }
}
