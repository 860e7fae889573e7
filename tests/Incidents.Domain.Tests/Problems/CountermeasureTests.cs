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
}
