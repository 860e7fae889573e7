using Incidents.Domain.Problems;

namespace Incidents.Domain.Tests.Problems;

public sealed class ProblemTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static Problem InStatus(ProblemStatus status)
    {
        var (_, problem) = Problem.Open("Checkout times out under load", 1, "checkout-api|HighLatency", At);
        problem!.RecordAnalysis(["Pool exhausted", "Leak on retry"], ["No alert on pool size"], RootCauseCategory.Software, "Connections leak on retry", "Restart the pods");
        var path = status switch
        {
            ProblemStatus.New => Array.Empty<ProblemAction>(),
            ProblemStatus.Investigating => [ProblemAction.Investigate],
            ProblemStatus.KnownError => [ProblemAction.RecordKnownError],
            ProblemStatus.FixInProgress => [ProblemAction.Investigate, ProblemAction.StartFix],
            ProblemStatus.Resolved => [ProblemAction.Investigate, ProblemAction.StartFix, ProblemAction.Resolve],
            ProblemStatus.Verified => [ProblemAction.Investigate, ProblemAction.StartFix, ProblemAction.Resolve, ProblemAction.Verify],
            ProblemStatus.Closed => [ProblemAction.Close],
        };
        foreach (var action in path)
        {
            Assert.True(problem.Apply(action, At, reason: "Duplicate of PRB-1").Succeeded, action.ToString());
        }

        Assert.Equal(status, problem.Status);
        return problem;
    }

    public static TheoryData<ProblemStatus, ProblemAction, ProblemStatus?> Transitions()
    {
        var legal = new Dictionary<(ProblemStatus, ProblemAction), ProblemStatus>
        {
            [(ProblemStatus.New, ProblemAction.Investigate)] = ProblemStatus.Investigating,
            [(ProblemStatus.New, ProblemAction.RecordKnownError)] = ProblemStatus.KnownError,
            [(ProblemStatus.Investigating, ProblemAction.RecordKnownError)] = ProblemStatus.KnownError,
            [(ProblemStatus.Investigating, ProblemAction.StartFix)] = ProblemStatus.FixInProgress,
            [(ProblemStatus.KnownError, ProblemAction.StartFix)] = ProblemStatus.FixInProgress,
            [(ProblemStatus.FixInProgress, ProblemAction.Resolve)] = ProblemStatus.Resolved,
            [(ProblemStatus.Resolved, ProblemAction.Verify)] = ProblemStatus.Verified,
            [(ProblemStatus.Resolved, ProblemAction.Reopen)] = ProblemStatus.Investigating,
            [(ProblemStatus.Verified, ProblemAction.Reopen)] = ProblemStatus.Investigating,
            [(ProblemStatus.Closed, ProblemAction.Reopen)] = ProblemStatus.Investigating,
        };
        var data = new TheoryData<ProblemStatus, ProblemAction, ProblemStatus?>();
        foreach (var status in Enum.GetValues<ProblemStatus>())
        {
            foreach (var action in Enum.GetValues<ProblemAction>())
            {
                ProblemStatus? expected = legal.TryGetValue((status, action), out var to) ? to
                    : action == ProblemAction.Close && status != ProblemStatus.Closed ? ProblemStatus.Closed : null;
                data.Add(status, action, expected);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Apply_EveryStatusAndAction_LegalMovesOnlyOthersSayWhy(ProblemStatus from, ProblemAction action, ProblemStatus? expected)
    {
        var problem = InStatus(from);

        var outcome = problem.Apply(action, At.AddDays(1), reason: "Not worth fixing");

        Assert.Equal(expected is not null, outcome.Succeeded);
        Assert.Equal(expected ?? from, problem.Status);
        if (expected is null)
        {
            Assert.StartsWith("A ", outcome.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Resolve_StartsTheWatch_RecurrenceInsideReopens_OutsideDoesNot()
    {
        var inside = InStatus(ProblemStatus.Resolved);
        var outside = InStatus(ProblemStatus.Resolved);

        Assert.Equal(At.AddDays(30), inside.WatchUntil);
        Assert.False(inside.Recurred("other|fingerprint", At.AddDays(3)));
        Assert.True(inside.Recurred("checkout-api|HighLatency", At.AddDays(3)));
        Assert.Equal(ProblemStatus.Investigating, inside.Status);
        Assert.Null(inside.WatchUntil);
        Assert.False(outside.Recurred("checkout-api|HighLatency", At.AddDays(31)));
        Assert.True(outside.VerifyIfWatchPassed(At.AddDays(31)));
        Assert.Equal(ProblemStatus.Verified, outside.Status);
    }

    [Fact]
    public void KnownErrorAndFix_NeedTheirFacts()
    {
        var (_, problem) = Problem.Open("Search is slow", 1, null, At);

        Assert.Equal("Write down the workaround first.", problem!.WhyNot(ProblemAction.RecordKnownError));
        problem.Apply(ProblemAction.Investigate, At);
        Assert.Equal("Record the root cause first.", problem.WhyNot(ProblemAction.StartFix));
        Assert.Equal(OutcomeKind.Invalid, problem.Apply(ProblemAction.Close, At).Kind);
    }

    [Fact]
    public void RecordAnalysis_KeepsOrderTrimsBlanks_FinalOnceResolved()
    {
        var (_, problem) = Problem.Open("Search is slow", 1, null, At);

        problem!.RecordAnalysis([" Index missing ", "", "Migration skipped"], ["No review", "No review"], RootCauseCategory.Process, "Skipped migration", null);

        Assert.Equal(["Index missing", "Migration skipped"], problem.Whys);
        Assert.Equal(["No review"], problem.ContributingFactors);
        Assert.Equal(OutcomeKind.Conflict, InStatus(ProblemStatus.Resolved).RecordAnalysis([], [], null, null, null).Kind);
    }

    [Theory]
    [InlineData(ProblemStatus.New, true)]
    [InlineData(ProblemStatus.Investigating, true)]
    [InlineData(ProblemStatus.KnownError, true)]
    [InlineData(ProblemStatus.FixInProgress, false)]
    [InlineData(ProblemStatus.Resolved, false)]
    [InlineData(ProblemStatus.Closed, false)]
    public void FixStarted_FromAnyActiveStatusBeforeTheFix(ProblemStatus from, bool moves)
    {
        var problem = InStatus(from);

        Assert.Equal(moves, problem.FixStarted(At));
        Assert.Equal(moves ? ProblemStatus.FixInProgress : from, problem.Status);
    }

    [Theory]
    [InlineData(ProblemStatus.New, true)]
    [InlineData(ProblemStatus.KnownError, true)]
    [InlineData(ProblemStatus.FixInProgress, true)]
    [InlineData(ProblemStatus.Resolved, false)]
    [InlineData(ProblemStatus.Verified, false)]
    [InlineData(ProblemStatus.Closed, false)]
    public void FixShipped_ActiveProblem_ResolvedWithAWatchWindow(ProblemStatus from, bool ships)
    {
        var problem = InStatus(from);

        Assert.Equal(ships, problem.FixShipped(At.AddDays(1), TimeSpan.FromDays(14)));
        if (ships)
        {
            Assert.Equal(ProblemStatus.Resolved, problem.Status);
            Assert.Equal(At.AddDays(15), problem.WatchUntil);
        }
    }

    [Fact]
    public void AdoptFingerprint_OnlyWhenItHasNone()
    {
        var (_, problem) = Problem.Open("Disk fills", 1, null, At);

        problem!.AdoptFingerprint("1|DiskFull");
        problem.AdoptFingerprint("1|Other");

        Assert.Equal("1|DiskFull", problem.Fingerprint);
    }

    [Fact]
    public void AssignOwner_NewOwner_BumpsTheVersion_SameOwnerChangesNothing()
    {
        var (_, problem) = Problem.Open("Search is slow", 1, null, At);
        var version = problem!.Version;

        Assert.True(problem.AssignOwner("ana"));
        Assert.Equal(version + 1, problem.Version);
        Assert.False(problem.AssignOwner("ana"));
        Assert.True(problem.AssignOwner(" "));

        Assert.Null(problem.OwnerId);
        Assert.Equal(version + 2, problem.Version);
    }
}
