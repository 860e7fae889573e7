using Incidents.Domain.Changes;

namespace Incidents.Domain.Tests.Changes;

public sealed class ChangeTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 14, 0, 0, TimeSpan.Zero); // a Friday
    private static readonly Actor Requester = new("rita", "Rita");
    private static readonly Actor Ana = new("ana", "Ana");
    private static readonly Actor Bob = new("bob", "Bob");

    private static Change New(ChangeType type = ChangeType.Normal, ChangeRisk risk = ChangeRisk.Low, string environment = Change.Production)
    {
        var (outcome, change) = Change.Record(new ChangeRequest(1, " Upgrade the payment SDK ", ChangeKind.Deployment, type, risk, Environment: environment), Requester, ChangeSource.Portal, At);
        Assert.True(outcome.Succeeded, outcome.Error);
        return change!;
    }

    [Fact]
    public void Normal_SubmittedApprovedByAnotherStartedCompleted_ThroughTheProcess()
    {
        var change = New();

        Assert.Equal(OutcomeKind.Conflict, change.Start(At).Kind);
        Assert.True(change.Submit(Requester, At).Succeeded);
        Assert.Equal(OutcomeKind.Forbidden, change.Approve(Requester, isAdmin: true, ownsTheService: true, null, At).Kind);
        Assert.Equal(OutcomeKind.Forbidden, change.Approve(Ana, isAdmin: false, ownsTheService: false, null, At).Kind);
        Assert.True(change.Approve(Ana, isAdmin: false, ownsTheService: true, "Tested in QA", At.AddHours(1)).Succeeded);
        Assert.Equal(ChangeStatus.Approved, change.Status);
        Assert.True(change.Start(At.AddHours(2)).Succeeded);
        Assert.True(change.Finish(ChangeStatus.Completed, At.AddHours(3)).Succeeded);

        Assert.Equal("Upgrade the payment SDK", change.Title);
        Assert.Equal(ChangeStatus.Completed, change.Status);
        Assert.True(change.WentThroughProcess(At.AddDays(10)));
        Assert.Equal("Tested in QA", Assert.Single(change.Approvals).Reason);
    }

    [Fact]
    public void HighRisk_NeedsTwoApprovers_NotTheSameOneTwice()
    {
        var change = New(risk: ChangeRisk.High);
        change.Submit(Requester, At);

        var first = change.Approve(Ana, true, false, null, At);
        Assert.Equal("CHG-0 needs one more approval, from someone else.", first.Note);
        Assert.Equal(ChangeStatus.Submitted, change.Status);
        Assert.Equal(OutcomeKind.Forbidden, change.Approve(Ana, true, false, null, At).Kind);
        Assert.True(change.Approve(Bob, false, true, null, At).Succeeded);
        Assert.Equal(ChangeStatus.Approved, change.Status);
        Assert.Equal(OutcomeKind.Conflict, change.Approve(new Actor("cy", "Cy"), true, false, null, At).Kind);
    }

    [Fact]
    public void Standard_SubmittingApprovesIt()
    {
        var change = New(ChangeType.Standard);

        Assert.True(change.Submit(Requester, At).Succeeded);

        Assert.Equal(ChangeStatus.Approved, change.Status);
        Assert.Equal(0, change.ApprovalsNeeded);
    }

    [Fact]
    public void Emergency_StartsAtOnce_TwoApprovalsAfterTheFact()
    {
        var change = New(ChangeType.Emergency);

        Assert.True(change.Start(At).Succeeded);
        Assert.True(change.Finish(ChangeStatus.Completed, At.AddMinutes(20)).Succeeded);
        Assert.True(change.AwaitsApprovalAfterTheFact);
        Assert.True(change.Approve(Ana, true, false, "Needed to stop the outage", At.AddHours(1)).Succeeded);
        Assert.True(change.AwaitsApprovalAfterTheFact);
        Assert.True(change.Approve(Bob, true, false, null, At.AddHours(2)).Succeeded);

        Assert.False(change.AwaitsApprovalAfterTheFact);
        Assert.Equal(ChangeStatus.Completed, change.Status);
        Assert.All(change.Approvals, a => Assert.True(a.AfterTheFact));
    }

    [Fact]
    public void Reject_NeedsAReason_BeforeTheFactEndsIt_AfterTheFactKeepsIt()
    {
        var normal = New();
        normal.Submit(Requester, At);
        Assert.Equal(OutcomeKind.Invalid, normal.Reject(Ana, true, false, " ", At).Kind);
        Assert.True(normal.Reject(Ana, true, false, "No rollback plan", At).Succeeded);
        Assert.Equal(ChangeStatus.Rejected, normal.Status);
        Assert.Equal(OutcomeKind.Conflict, normal.Start(At).Kind);

        var emergency = New(ChangeType.Emergency);
        emergency.Finish(ChangeStatus.Completed, At);
        Assert.True(emergency.Reject(Ana, true, false, "Not an emergency", At).Succeeded);
        Assert.Equal(ChangeStatus.Completed, emergency.Status);
        Assert.Equal("rejected after the fact", emergency.MissedBecause(At.AddDays(5)));
    }

    [Fact]
    public void Record_BadInput_Invalid()
    {
        Assert.Equal(OutcomeKind.Invalid, Change.Record(new ChangeRequest(1, " ", ChangeKind.Deployment, ChangeType.Normal, ChangeRisk.Low), Requester, ChangeSource.Api, At).Outcome.Kind);
        Assert.Equal(OutcomeKind.Invalid, Change.Record(new ChangeRequest(1, "x", (ChangeKind)99, ChangeType.Normal, ChangeRisk.Low), Requester, ChangeSource.Api, At).Outcome.Kind);
        Assert.Equal(OutcomeKind.Invalid, Change.Record(new ChangeRequest(1, "x", ChangeKind.Deployment, ChangeType.Normal, ChangeRisk.Low, PlannedStart: At, PlannedEnd: At), Requester, ChangeSource.Api, At).Outcome.Kind);
        Assert.Equal(OutcomeKind.Invalid, Change.Record(new ChangeRequest(1, "x", ChangeKind.Deployment, ChangeType.Normal, ChangeRisk.Low, Url: "javascript:alert(1)"), Requester, ChangeSource.Api, At).Outcome.Kind);
        Assert.Equal(OutcomeKind.Invalid, Change.Record(new ChangeRequest(1, new string('x', 201), ChangeKind.Deployment, ChangeType.Normal, ChangeRisk.Low), Requester, ChangeSource.Api, At).Outcome.Kind);
    }

    public static TheoryData<ChangeStatus, ChangeAction, bool> Actions()
    {
        var legal = new HashSet<(ChangeStatus, ChangeAction)>
        {
            (ChangeStatus.Draft, ChangeAction.Submit), (ChangeStatus.Draft, ChangeAction.Cancel),
            (ChangeStatus.Submitted, ChangeAction.Approve), (ChangeStatus.Submitted, ChangeAction.Reject), (ChangeStatus.Submitted, ChangeAction.Cancel),
            (ChangeStatus.Approved, ChangeAction.Schedule), (ChangeStatus.Approved, ChangeAction.Start), (ChangeStatus.Approved, ChangeAction.Cancel),
            (ChangeStatus.Scheduled, ChangeAction.Schedule), (ChangeStatus.Scheduled, ChangeAction.Start), (ChangeStatus.Scheduled, ChangeAction.Cancel),
            (ChangeStatus.InProgress, ChangeAction.Complete), (ChangeStatus.InProgress, ChangeAction.Fail), (ChangeStatus.InProgress, ChangeAction.RollBack),
        };
        var data = new TheoryData<ChangeStatus, ChangeAction, bool>();
        foreach (var status in new[] { ChangeStatus.Draft, ChangeStatus.Submitted, ChangeStatus.Approved, ChangeStatus.Scheduled, ChangeStatus.InProgress, ChangeStatus.Completed, ChangeStatus.Rejected, ChangeStatus.Cancelled })
        {
            foreach (var action in Enum.GetValues<ChangeAction>())
            {
                data.Add(status, action, legal.Contains((status, action)));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public void WhyNot_NormalChange_EveryStatusAndAction(ChangeStatus status, ChangeAction action, bool legal)
    {
        var change = New();
        switch (status)
        {
            case ChangeStatus.Submitted:
                change.Submit(Requester, At);
                break;
            case ChangeStatus.Approved or ChangeStatus.Scheduled or ChangeStatus.InProgress or ChangeStatus.Completed:
                change.Submit(Requester, At);
                change.Approve(Ana, true, false, null, At);
                if (status == ChangeStatus.Scheduled)
                {
                    change.Schedule(At.AddDays(1), At.AddDays(1).AddHours(1));
                }

                if (status is ChangeStatus.InProgress or ChangeStatus.Completed)
                {
                    change.Start(At);
                }

                if (status == ChangeStatus.Completed)
                {
                    change.Finish(ChangeStatus.Completed, At);
                }

                break;
            case ChangeStatus.Rejected:
                change.Submit(Requester, At);
                change.Reject(Ana, true, false, "No", At);
                break;
            case ChangeStatus.Cancelled:
                change.Cancel("Not needed");
                break;
        }

        Assert.Equal(status, change.Status);
        Assert.Equal(legal, change.WhyNot(action) is null);
    }

    public static TheoryData<string, ChangeType, string?> ComplianceCases() => new()
    {
        // case, type, why it missed (null: through the process)
        { "standard", ChangeType.Standard, null },
        { "normal approved before start", ChangeType.Normal, null },
        { "normal never approved", ChangeType.Normal, "no approval" },
        { "emergency approved in time", ChangeType.Emergency, null },
        { "emergency approved late", ChangeType.Emergency, "approved after the deadline" },
        { "emergency not approved, deadline passed", ChangeType.Emergency, "not approved by the deadline" },
        { "emergency not approved, within deadline", ChangeType.Emergency, "emergency, not approved yet" },
        { "bypass approved in time", ChangeType.Normal, null },
        { "bypass not approved, deadline passed", ChangeType.Normal, "not approved by the deadline" },
        { "bypass not approved, within deadline", ChangeType.Normal, "bypassed the process, not approved" },
    };

    [Theory]
    [MemberData(nameof(ComplianceCases))]
    public void Compliance_EachKindOfChange(string @case, ChangeType type, string? missed)
    {
        var started = At; // Friday 14:00; two business days → Tuesday 14:00
        var deadline = new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);
        var now = @case.EndsWith("within deadline", StringComparison.Ordinal) ? At.AddDays(1) : At.AddDays(30);
        Change change;
        if (@case.StartsWith("bypass", StringComparison.Ordinal))
        {
            change = Change.Bypass(1, "production", "Deploy f95f852", ChangeSource.GitHub, "github:x:1", "f95f852", "main", null, "octocat", ChangeStatus.Completed, started);
            if (@case.EndsWith("in time", StringComparison.Ordinal))
            {
                change.Approve(Ana, true, false, null, started.AddDays(1));
                change.Approve(Bob, true, false, null, started.AddDays(1));
            }
        }
        else
        {
            change = New(type);
            change.Submit(Requester, At.AddDays(-1));
            if (@case == "normal approved before start")
            {
                change.Approve(Ana, true, false, null, At.AddHours(-1));
            }

            change.Finish(ChangeStatus.Completed, started);
            if (change.Status != ChangeStatus.Completed)
            {
                // A normal change never approved can't be finished by a person; a pipeline records it anyway.
                Assert.Equal("normal never approved", @case);
                Assert.Null(change.StartedAt);
                return;
            }

            var approvedAt = @case switch
            {
                "emergency approved in time" => deadline.AddMinutes(-1),
                "emergency approved late" => deadline.AddMinutes(1),
                _ => (DateTimeOffset?)null,
            };
            if (approvedAt is { } approved)
            {
                change.Approve(Ana, true, false, null, approved);
                change.Approve(Bob, true, false, null, approved);
            }
        }

        var figure = ChangeCompliance.Of([change], 2, now);

        // Only what may miss is read whole: the query's filter and the in-memory one agree, and nothing else misses.
        Assert.Equal(ChangeCompliance.MayMiss(change.Case), ChangeCompliance.MayMiss(change));
        Assert.True(missed is null || ChangeCompliance.MayMiss(change), @case);

        Assert.Equal(deadline, ChangeCompliance.ApprovalDeadline(change, 2));
        Assert.Equal(1, figure.Total);
        Assert.Equal(missed is null ? 1 : 0, figure.Through);
        Assert.Equal(missed, figure.Misses.SingleOrDefault()?.Reason);
        Assert.Equal(@case.EndsWith("within deadline", StringComparison.Ordinal) ? 1 : 0, figure.Pending);
    }

    [Fact]
    public void Compliance_OnlyFinishedProductionChangesCount_RateAndGoal()
    {
        var staging = New(environment: "staging");
        staging.Submit(Requester, At);
        staging.Approve(Ana, true, false, null, At);
        staging.Finish(ChangeStatus.Completed, At);
        var draft = New();
        var through = Enumerable.Range(0, 32).Select(_ =>
        {
            var c = New(ChangeType.Standard);
            c.Submit(Requester, At);
            c.Finish(ChangeStatus.Completed, At);
            return c;
        }).ToList();
        var bypass = Change.Bypass(1, "production", "Deploy", ChangeSource.GitHub, null, null, null, null, null, ChangeStatus.Completed, At);

        var figure = ChangeCompliance.Of([staging, draft, bypass, .. through], 2, At.AddDays(30));

        Assert.Equal(33, figure.Total);
        Assert.Equal(32, figure.Through);
        Assert.Equal(32m / 33, figure.Rate);
        Assert.True(figure.Meets(0.96m));
        Assert.False(figure.Meets(0.97m));
        Assert.Null(ChangeCompliance.Of([], 2, At).Rate);
        Assert.True(ChangeCompliance.Of([], 2, At).Meets(0.97m));
    }
}
