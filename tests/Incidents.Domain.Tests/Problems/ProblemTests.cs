using Incidents.Domain.Problems;

namespace Incidents.Domain.Tests.Problems;

public sealed class ProblemTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static Problem InStatus(ProblemStatus status)
    {
        var (_, problem) = Problem.Open("Checkout times out under load", 1, "checkout-api|HighLatency", At);
        // A workaround would make it a known error at once; only that status gets one here.
        problem!.RecordAnalysis(["Pool exhausted", "Leak on retry"], ["No alert on pool size"], RootCauseCategory.Software, "Connections leak on retry",
            status == ProblemStatus.KnownError ? "Restart the pods" : null);
        var path = status switch
        {
            ProblemStatus.New => Array.Empty<ProblemAction>(),
            ProblemStatus.Investigating => [ProblemAction.Investigate],
            ProblemStatus.KnownError => [],
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

        problem!.Apply(ProblemAction.Investigate, At);
        Assert.Equal("Record the root cause first.", problem.WhyNot(ProblemAction.StartFix));
        Assert.Equal(OutcomeKind.Invalid, problem.Apply(ProblemAction.Close, At).Kind);
    }

    [Theory]
    [InlineData(ProblemStatus.New, "Restart the pods", ProblemStatus.KnownError)]
    [InlineData(ProblemStatus.Investigating, "Restart the pods", ProblemStatus.KnownError)]
    [InlineData(ProblemStatus.Investigating, "  ", ProblemStatus.Investigating)]
    [InlineData(ProblemStatus.KnownError, null, ProblemStatus.Investigating)]
    [InlineData(ProblemStatus.KnownError, "Restart the workers", ProblemStatus.KnownError)]
    [InlineData(ProblemStatus.FixInProgress, "Restart the pods", ProblemStatus.FixInProgress)]
    [InlineData(ProblemStatus.FixInProgress, null, ProblemStatus.FixInProgress)]
    public void RecordAnalysis_AWorkaroundMakesAKnownError_RemovingItTakesThatBack(ProblemStatus from, string? workaround, ProblemStatus expected)
    {
        var problem = InStatus(from);

        Assert.True(problem.RecordAnalysis(["Pool exhausted"], [], RootCauseCategory.Software, "Connections leak on retry", workaround).Succeeded);

        Assert.Equal(expected, problem.Status);
        Assert.Equal(expected == ProblemStatus.KnownError || (from == ProblemStatus.FixInProgress && workaround is not null), Problem.ShowsKnownError(problem.Status, problem.Workaround));
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

    [Theory]
    [InlineData("Checkout fails for Acme Corp", "Acme Corp", "Checkout fails")]
    [InlineData("ACME CORP: checkout fails", "Acme Corp", "Checkout fails")]
    [InlineData("Checkout fails (acme corp)", "Acme Corp", "Checkout fails")]
    [InlineData("Acme Corp's exports time out - EU", "Acme Corp", "Exports time out - EU")]
    [InlineData("Login broken at Globex, again", "Globex", "Login broken again")]
    [InlineData("Globexia cannot log in", "Globex", "Globexia cannot log in")]
    [InlineData("Acme", "Acme", "Recurring issue")]
    [InlineData("disk nearly full", null, "Disk nearly full")]
    [InlineData("Costs for C++ users", "C++", "Costs users")]
    public void SuggestTitle_DropsTheCustomer_KeepsTheRest(string incidentTitle, string? customer, string expected) =>
        Assert.Equal(expected, Problem.SuggestTitle(incidentTitle, customer));

    [Fact]
    public void SuggestTitle_LongTitle_FitsTheProblemTitle() =>
        Assert.Equal(Problem.MaxTitleLength, Problem.SuggestTitle(new string('x', 500), "Acme").Length);
}
