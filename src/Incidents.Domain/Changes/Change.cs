namespace Incidents.Domain.Changes;

/// <summary>Standard: pre-approved and repeatable. Normal: approved before it starts. Emergency: may start at once, approved after the fact.</summary>
public enum ChangeType
{
    Standard,
    Normal,
    Emergency,
}

public enum ChangeKind
{
    Deployment,
    Configuration,
    Infrastructure,
    DataFix,
    Access,
    Other,
}

public enum ChangeRisk
{
    Low,
    Medium,
    High,
}

public enum ChangeStatus
{
    Draft,
    Submitted,
    Approved,
    Scheduled,
    InProgress,
    Completed,
    Failed,
    RolledBack,
    Rejected,
    Cancelled,
}

/// <summary>Where a change was recorded: a person (portal, API), a pipeline (GitHub, Azure DevOps, a webhook), or detected drift.</summary>
public enum ChangeSource
{
    Portal,
    Api,
    GitHub,
    AzureDevOps,
    Webhook,
    Detected,
}

public enum ChangeAction
{
    Submit,
    Approve,
    Reject,
    Schedule,
    Start,
    Complete,
    Fail,
    RollBack,
    Cancel,
}

public enum ApprovalDecision
{
    Approved,
    Rejected,
}

/// <summary>One approver's decision on a change, with their reason; after the fact for emergencies and bypasses.</summary>
public sealed class ChangeApproval
{
    private ChangeApproval()
    {
    }

    public long Id { get; private set; }

    public long ChangeId { get; private set; }

    public string UserId { get; private set; } = "";

    public string Name { get; private set; } = "";

    public ApprovalDecision Decision { get; private set; }

    public string? Reason { get; private set; }

    public DateTimeOffset At { get; private set; }

    public bool AfterTheFact { get; private set; }

    internal static ChangeApproval Of(Actor by, ApprovalDecision decision, string? reason, DateTimeOffset at, bool afterTheFact) => new()
    {
        UserId = by.Id ?? "",
        Name = by.Name,
        Decision = decision,
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        At = at,
        AfterTheFact = afterTheFact,
    };
}

/// <summary>
/// What the domain needs to know of a person to say what they may do with a change: whether they are an Admin, in the
/// team that owns its service, and allowed to record changes at all (their roles).
/// </summary>
public sealed record ChangeStanding(Actor Actor, bool IsAdmin, bool OwnsTheService, bool MayRecordChanges);

/// <summary>What a person asks for when they record a change.</summary>
public sealed record ChangeRequest(
    long ServiceId,
    string Title,
    ChangeKind Kind,
    ChangeType Type,
    ChangeRisk Risk,
    string? Description = null,
    string Environment = Change.Production,
    DateTimeOffset? PlannedStart = null,
    DateTimeOffset? PlannedEnd = null,
    string? Implementer = null,
    string? CommitSha = null,
    string? Ref = null,
    string? Url = null,
    long? CountermeasureId = null,
    string? OutsideWindowReason = null,
    DateTimeOffset? CommittedAt = null);

/// <summary>
/// A production change, <c>CHG-n</c>. Draft → Submitted → Approved → Scheduled → In progress → Completed / Failed /
/// Rolled back, or Rejected / Cancelled. Normal changes are approved before they start by someone other than the
/// requester (two people when the risk is high); emergency changes, and deployments that arrived without an approved
/// change (bypasses), may start at once and need two approvals after the fact, within a deadline.
/// </summary>
public sealed class Change
{
    public const string Production = "production";
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxReasonLength = 2_000;
    private readonly List<ChangeApproval> approvals = [];
    private readonly List<ChangeStepDone> stepsDone = [];

    private Change()
    {
    }

    public long Id { get; private set; }

    public string Number => Format(Id);

    public static string Format(long id) => $"CHG-{id}";

    public long ServiceId { get; private set; }

    public string Environment { get; private set; } = Production;

    public string Title { get; private set; } = "";

    public string? Description { get; private set; }

    public ChangeKind Kind { get; private set; }

    public ChangeType Type { get; private set; }

    public ChangeRisk Risk { get; private set; }

    public ChangeStatus Status { get; private set; }

    public ChangeSource Source { get; private set; }

    /// <summary>It happened without an approved change covering it: a deployment nobody announced, or detected drift.</summary>
    public bool Bypassed { get; private set; }

    public string? RequesterId { get; private set; }

    public string RequesterName { get; private set; } = "";

    public string? Implementer { get; private set; }

    public DateTimeOffset? PlannedStart { get; private set; }

    public DateTimeOffset? PlannedEnd { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>When the last approval it needs was given.</summary>
    public DateTimeOffset? ApprovedAt { get; private set; }

    public string? CommitSha { get; private set; }

    public string? Ref { get; private set; }

    public string? Url { get; private set; }

    /// <summary>When the first commit it ships was made (or its pull request merged), where the source says: lead time starts there.</summary>
    public DateTimeOffset? CommittedAt { get; private set; }

    /// <summary>Why a normal change is planned outside its service's deployment windows (or in a freeze).</summary>
    public string? OutsideWindowReason { get; private set; }

    /// <summary>The countermeasure this change ships (its fix reaches production when the change completes there).</summary>
    public long? CountermeasureId { get; private set; }

    /// <summary>The sender's identity of the deployment (e.g. <c>github:Codertocat/Hello-World:145988746</c>), so a redelivery updates the same change.</summary>
    public string? ExternalKey { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<ChangeApproval> Approvals => approvals;

    /// <summary>The procedure version this change follows (the current one of its type when it was recorded).</summary>
    public long? ProcedureId { get; private set; }

    /// <summary>The steps of its procedure done so far.</summary>
    public IReadOnlyList<ChangeStepDone> StepsDone => stepsDone;

    public bool IsProduction => string.Equals(Environment, Production, StringComparison.OrdinalIgnoreCase);

    /// <summary>Approved only after it happened: emergencies and bypasses.</summary>
    public bool ApprovedAfterTheFact => Type == ChangeType.Emergency || Bypassed;

    /// <summary>Approvals needed: none for a standard change, one for a normal one (two at high risk), two after the fact.</summary>
    public int ApprovalsNeeded => ApprovedAfterTheFact ? 2 : Type switch
    {
        ChangeType.Standard => 0,
        ChangeType.Normal => Risk == ChangeRisk.High ? 2 : 1,
        ChangeType.Emergency => 2,
    };

    public int ApprovalsGiven => approvals.Count(a => a.Decision == ApprovalDecision.Approved);

    public bool IsFinished => Status is ChangeStatus.Completed or ChangeStatus.Failed or ChangeStatus.RolledBack;


    /// <summary>Rejected after it happened: it stays on record, never through the process.</summary>
    public bool RejectedAfterTheFact { get; private set; }

    /// <summary>An emergency or bypass that still waits for its approvals after the fact.</summary>
    public bool AwaitsApprovalAfterTheFact => ApprovedAfterTheFact && ApprovedAt is null && !RejectedAfterTheFact && StartedAt is not null;

    public static string? Validate(ChangeRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            return "Give the change a title.";
        }

        if (request.Title.Trim().Length > MaxTitleLength)
        {
            return $"Keep the title within {MaxTitleLength} characters.";
        }

        if (request.Description?.Trim().Length > MaxDescriptionLength)
        {
            return $"Keep the description within {MaxDescriptionLength:N0} characters.";
        }

        if (string.IsNullOrWhiteSpace(request.Environment) || request.Environment.Trim().Length > 50)
        {
            return "Name the environment (at most 50 characters), e.g. production.";
        }

        if (!Enum.IsDefined(request.Kind) || !Enum.IsDefined(request.Type) || !Enum.IsDefined(request.Risk))
        {
            return "Choose the kind, type and risk from their lists.";
        }

        if (request.PlannedStart is { } start && request.PlannedEnd is { } end && end <= start)
        {
            return "The planned end must be after the planned start.";
        }

        if (request.OutsideWindowReason?.Trim().Length > MaxReasonLength)
        {
            return $"Keep the reason for planning outside the windows within {MaxReasonLength:N0} characters.";
        }

        if (request.Implementer?.Trim().Length > 200 || request.CommitSha?.Trim().Length > 100 || request.Ref?.Trim().Length > 255 || request.Url?.Trim().Length > 1000)
        {
            return "Keep the implementer within 200 characters, the commit within 100, the ref within 255 and the URL within 1,000.";
        }

        if (request.Url is { Length: > 0 } url && !(Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            return "The link must be an http(s) URL.";
        }

        return null;
    }

    /// <summary>A person records a change (portal or API): a draft until submitted.</summary>
    public static (Outcome Outcome, Change? Change) Record(ChangeRequest request, Actor requester, ChangeSource source, DateTimeOffset at)
    {
        if (Validate(request) is { } error)
        {
            return (Outcome.Invalid(error), null);
        }

        return (Outcome.Success, new Change
        {
            ServiceId = request.ServiceId,
            Environment = request.Environment.Trim().ToLowerInvariant(),
            Title = request.Title.Trim(),
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            Kind = request.Kind,
            Type = request.Type,
            Risk = request.Risk,
            Status = ChangeStatus.Draft,
            Source = source,
            RequesterId = requester.Id,
            RequesterName = requester.Name,
            Implementer = Clean(request.Implementer),
            PlannedStart = request.PlannedStart,
            PlannedEnd = request.PlannedEnd,
            CommitSha = Clean(request.CommitSha),
            Ref = Clean(request.Ref),
            Url = Clean(request.Url),
            CountermeasureId = request.CountermeasureId,
            OutsideWindowReason = Clean(request.OutsideWindowReason),
            CommittedAt = request.CommittedAt,
            CreatedAt = at,
        });
    }

    /// <summary>
    /// A deployment that arrived with no approved change covering it: recorded as it is (in progress or finished), as
    /// having bypassed the process, awaiting two approvals after the fact. Never dropped.
    /// </summary>
    public static Change Bypass(long serviceId, string environment, string title, ChangeSource source, string? externalKey,
        string? commitSha, string? @ref, string? url, string? implementer, ChangeStatus status, DateTimeOffset at)
    {
        var change = Observed(serviceId, environment, title, source, externalKey, commitSha, @ref, url, implementer, status, at);
        change.Bypassed = change.IsProduction;
        return change;
    }

    /// <summary>
    /// Production changed and nothing recorded explains it: an unauthorized change, found by its fingerprint, completed
    /// when it was seen, awaiting two approvals after the fact like any bypass.
    /// </summary>
    public static Change Detected(FingerprintDrift drift, DateTimeOffset at)
    {
        var change = Observed(drift.ServiceId, drift.Environment,
            $"Unannounced change: fingerprint {FingerprintDrift.Abbreviate(drift.From)} → {FingerprintDrift.Abbreviate(drift.To)}",
            ChangeSource.Detected, $"drift:{drift.Id}", null, null, null, null, ChangeStatus.Completed, drift.ObservedAt);
        change.Kind = ChangeKind.Other;
        change.Bypassed = true;
        change.CreatedAt = at;
        change.Description = $"Production fingerprint changed from `{drift.From}` to `{drift.To}` between {drift.PreviousSeenAt:yyyy-MM-dd HH:mm} and {drift.ObservedAt:yyyy-MM-dd HH:mm} UTC, and no recorded change explains it.";
        return change;
    }

    /// <summary>
    /// Whether this change is a suspect for an incident that began at <paramref name="incidentBegan"/>: a production
    /// change that started before it and was still under way then, or ended within <paramref name="window"/> before.
    /// </summary>
    public bool IsSuspectFor(DateTimeOffset incidentBegan, TimeSpan window) =>
        IsProduction && StartedAt is { } started && started <= incidentBegan
        && (EndedAt is not { } ended || ended >= incidentBegan - window);

    /// <summary>A deployment as a pipeline reported it; outside production it is recorded, never counted, never a bypass.</summary>
    private static Change Observed(long serviceId, string environment, string title, ChangeSource source, string? externalKey,
        string? commitSha, string? @ref, string? url, string? implementer, ChangeStatus status, DateTimeOffset at)
    {
        var change = new Change
        {
            ServiceId = serviceId,
            Environment = string.IsNullOrWhiteSpace(environment) ? Production : Truncate(environment.Trim().ToLowerInvariant(), 50),
            Title = Truncate(title.Trim(), MaxTitleLength),
            Kind = ChangeKind.Deployment,
            Type = ChangeType.Normal,
            Risk = ChangeRisk.Medium,
            Status = ChangeStatus.InProgress,
            Source = source,
            RequesterName = source == ChangeSource.Detected ? "Drift detection" : source.ToString(),
            Implementer = implementer is null ? null : Truncate(implementer, 200),
            ExternalKey = externalKey is null ? null : Truncate(externalKey, 300),
            CommitSha = commitSha is null ? null : Truncate(commitSha, 100),
            Ref = @ref is null ? null : Truncate(@ref, 255),
            Url = url is null ? null : Truncate(url, 1000),
            StartedAt = at,
            CreatedAt = at,
        };
        if (status is ChangeStatus.Completed or ChangeStatus.Failed or ChangeStatus.RolledBack)
        {
            change.Status = status;
            change.EndedAt = at;
        }

        return change;
    }

    /// <summary>Whether it has just shipped what it carries into production: completed there.</summary>
    public bool ShippedToProduction => IsProduction && Status == ChangeStatus.Completed;

    /// <summary>The change follows this version of its type's procedure (set once, when it is recorded).</summary>
    public void Follow(ChangeProcedure procedure)
    {
        if (ProcedureId is null && procedure.Type == Type)
        {
            ProcedureId = procedure.Id;
        }
    }

    /// <summary>Marks step <paramref name="step"/> (0-based) of <paramref name="procedure"/> done, or not done again; only while the change is open.</summary>
    public Outcome MarkStep(ChangeProcedure procedure, int step, bool done, Actor by, DateTimeOffset at)
    {
        if (procedure.Id != ProcedureId)
        {
            return Outcome.Conflict($"{Number} follows another version of the procedure.");
        }

        if (step < 0 || step >= procedure.Steps.Count)
        {
            return Outcome.Invalid($"The procedure has steps 1 to {procedure.Steps.Count}.");
        }

        if (Status is ChangeStatus.Rejected or ChangeStatus.Cancelled)
        {
            return Outcome.Conflict($"{Number} is {Describe(Status)}; its checklist is closed.");
        }

        var existing = stepsDone.FirstOrDefault(s => s.Step == step);
        if (done == (existing is not null))
        {
            return Outcome.Conflict(done ? $"“{procedure.Steps[step]}” is done already." : $"“{procedure.Steps[step]}” is not done.");
        }

        if (done)
        {
            stepsDone.Add(new ChangeStepDone(step, procedure.Steps[step], by, at));
        }
        else
        {
            stepsDone.Remove(existing!);
        }

        Version++;
        return Outcome.Success;
    }

    /// <summary>When the deployment's first commit was made, as the source says (lead time); kept once known.</summary>
    public void CommittedOn(DateTimeOffset? at)
    {
        if (at is { } committed && CommittedAt is null && committed <= (StartedAt ?? CreatedAt).AddDays(1))
        {
            CommittedAt = committed;
        }
    }

    /// <summary>A pipeline's deployment is this (approved) change: it takes the deployment's identity, commit and links.</summary>
    public void Attach(string externalKey, string? commitSha, string? @ref, string? url)
    {
        ExternalKey = Truncate(externalKey, 300);
        CommitSha ??= commitSha is null ? null : Truncate(commitSha, 100);
        Ref ??= @ref is null ? null : Truncate(@ref, 255);
        Url ??= url is null ? null : Truncate(url, 1000);
        Version++;
    }

    /// <summary>Whether an action is legal now, and why not: the portal greys buttons out with this, the handlers refuse with it.</summary>
    public string? WhyNot(ChangeAction action)
    {
        var allowed = action switch
        {
            ChangeAction.Submit => Status == ChangeStatus.Draft,
            ChangeAction.Approve or ChangeAction.Reject => ApprovedAfterTheFact
                ? Status is not (ChangeStatus.Draft or ChangeStatus.Rejected or ChangeStatus.Cancelled) && ApprovedAt is null && !RejectedAfterTheFact
                : Status == ChangeStatus.Submitted,
            ChangeAction.Schedule => Status is ChangeStatus.Approved or ChangeStatus.Scheduled,
            ChangeAction.Start => Status is ChangeStatus.Approved or ChangeStatus.Scheduled
                || (Type == ChangeType.Emergency && Status is ChangeStatus.Draft or ChangeStatus.Submitted),
            ChangeAction.Complete or ChangeAction.Fail or ChangeAction.RollBack => Status == ChangeStatus.InProgress,
            ChangeAction.Cancel => Status is ChangeStatus.Draft or ChangeStatus.Submitted or ChangeStatus.Approved or ChangeStatus.Scheduled,
        };
        if (allowed)
        {
            return null;
        }

        return action switch
        {
            ChangeAction.Start when Type == ChangeType.Normal && Status is ChangeStatus.Draft or ChangeStatus.Submitted =>
                $"{Number} is not approved yet; a normal change starts once it is (or record it as an emergency).",
            ChangeAction.Approve or ChangeAction.Reject when ApprovedAt is not null => $"{Number} is approved already.",
            ChangeAction.Approve or ChangeAction.Reject when ApprovedAfterTheFact && Status == ChangeStatus.Draft => $"{Number} is a draft; submit it first.",
            _ => $"A change that is {Describe(Status)} cannot be {Past(action)}.",
        };
    }

    /// <summary>
    /// What <paramref name="who"/> may not do now, and why (Forbidden: not theirs to do; Conflict: not now), or null.
    /// Approving and rejecting follow the four-eyes rule; every other step is for the requester, the owning team, an
    /// Admin, or anyone who records changes.
    /// </summary>
    public Outcome? WhyNot(ChangeAction action, ChangeStanding who)
    {
        if (action is ChangeAction.Approve or ChangeAction.Reject)
        {
            if (WhyNot(action) is { } notNow)
            {
                return Outcome.Conflict(notNow);
            }

            return WhyNotApprover(who.Actor, who.IsAdmin, who.OwnsTheService) is { } notYou ? Outcome.Forbidden(notYou) : null;
        }

        if (WhyNotOperator(who) is { } notYours)
        {
            return notYours;
        }

        return WhyNot(action) is { } why ? Outcome.Conflict(why) : null;
    }

    /// <summary>Whether <paramref name="who"/> may move the change on and tick its checklist: its requester, the owning team, an Admin, or anyone who records changes.</summary>
    public Outcome? WhyNotOperator(ChangeStanding who) =>
        who.IsAdmin || who.OwnsTheService || who.MayRecordChanges || (who.Actor.Id is { } id && id == RequesterId)
            ? null
            : Outcome.Forbidden($"Only its requester, the team that owns the service, or someone who records changes can move {Number} on.");

    /// <summary>The steps <paramref name="who"/> can take now, in the order a person would take them.</summary>
    public IReadOnlyList<ChangeAction> AvailableActions(ChangeStanding who) =>
        Enum.GetValues<ChangeAction>().Where(a => WhyNot(a, who) is null).ToList();

    public Outcome Submit(Actor by, DateTimeOffset at)
    {
        if (WhyNot(ChangeAction.Submit) is { } why)
        {
            return Outcome.Conflict(why);
        }

        // A standard change is pre-approved: submitting it is its approval.
        Status = Type == ChangeType.Standard ? ChangeStatus.Approved : ChangeStatus.Submitted;
        ApprovedAt = Type == ChangeType.Standard ? at : null;
        Version++;
        return Outcome.Success;
    }

    /// <summary>
    /// Who may approve: an Admin or a member of the team that owns the service, never the requester (four eyes), and
    /// never the same person twice.
    /// </summary>
    public string? WhyNotApprover(Actor by, bool isAdmin, bool ownsTheService)
    {
        if (by.Id is null)
        {
            return "Only a person can approve a change.";
        }

        if (by.Id == RequesterId)
        {
            return $"You requested {Number}; someone else approves it (four eyes).";
        }

        if (approvals.Any(a => a.UserId == by.Id))
        {
            return $"You decided on {Number} already; {(ApprovalsNeeded > 1 ? "the second approval comes from someone else" : "the decision stands")}.";
        }

        return isAdmin || ownsTheService ? null : $"Only an Admin or a member of the team that owns the service can approve {Number}.";
    }

    /// <summary>One approval (with an optional reason); the last one it needs approves it.</summary>
    public Outcome Approve(Actor by, bool isAdmin, bool ownsTheService, string? reason, DateTimeOffset at)
    {
        if (WhyNot(ChangeAction.Approve) is { } why)
        {
            return Outcome.Conflict(why);
        }

        if (WhyNotApprover(by, isAdmin, ownsTheService) is { } who)
        {
            return Outcome.Forbidden(who);
        }

        if (reason?.Trim().Length > MaxReasonLength)
        {
            return Outcome.Invalid($"Keep the reason within {MaxReasonLength:N0} characters.");
        }

        var afterTheFact = StartedAt is not null;
        approvals.Add(ChangeApproval.Of(by, ApprovalDecision.Approved, reason, at, afterTheFact));
        if (ApprovalsGiven >= ApprovalsNeeded)
        {
            ApprovedAt = at;
            if (Status == ChangeStatus.Submitted)
            {
                Status = ChangeStatus.Approved;
            }
        }

        Version++;
        var missing = ApprovalsNeeded - ApprovalsGiven;
        return missing > 0 ? Outcome.SucceededWith($"{Number} needs one more approval, from someone else.") : Outcome.Success;
    }

    /// <summary>A rejection, with its reason: before the fact it ends the change; after the fact it stays on record as not approved.</summary>
    public Outcome Reject(Actor by, bool isAdmin, bool ownsTheService, string? reason, DateTimeOffset at)
    {
        if (WhyNot(ChangeAction.Reject) is { } why)
        {
            return Outcome.Conflict(why);
        }

        if (WhyNotApprover(by, isAdmin, ownsTheService) is { } who)
        {
            return Outcome.Forbidden(who);
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            return Outcome.Invalid($"Say why it is rejected (at most {MaxReasonLength:N0} characters).");
        }

        var afterTheFact = StartedAt is not null;
        approvals.Add(ChangeApproval.Of(by, ApprovalDecision.Rejected, reason, at, afterTheFact));
        RejectedAfterTheFact = afterTheFact;
        if (!afterTheFact)
        {
            Status = ChangeStatus.Rejected;
        }

        Version++;
        return Outcome.Success;
    }

    public Outcome Schedule(DateTimeOffset start, DateTimeOffset end, string? outsideWindowReason = null)
    {
        if (WhyNot(ChangeAction.Schedule) is { } why)
        {
            return Outcome.Conflict(why);
        }

        if (end <= start)
        {
            return Outcome.Invalid("The planned end must be after the planned start.");
        }

        PlannedStart = start;
        PlannedEnd = end;
        OutsideWindowReason = Clean(outsideWindowReason) ?? OutsideWindowReason;
        Status = ChangeStatus.Scheduled;
        Version++;
        return Outcome.Success;
    }

    public Outcome Start(DateTimeOffset at)
    {
        if (WhyNot(ChangeAction.Start) is { } why)
        {
            return Outcome.Conflict(why);
        }

        Status = ChangeStatus.InProgress;
        StartedAt = at;
        Version++;
        return Outcome.Success;
    }

    /// <summary>The outcome: succeeded, failed or rolled back. A change that was never started is started now.</summary>
    public Outcome Finish(ChangeStatus outcome, DateTimeOffset at)
    {
        if (outcome is not (ChangeStatus.Completed or ChangeStatus.Failed or ChangeStatus.RolledBack))
        {
            return Outcome.Invalid("The outcome is completed, failed or rolled back.");
        }

        if (Status is ChangeStatus.Approved or ChangeStatus.Scheduled || (Type == ChangeType.Emergency && Status is ChangeStatus.Draft or ChangeStatus.Submitted))
        {
            Start(at);
        }

        var action = outcome switch
        {
            ChangeStatus.Completed => ChangeAction.Complete,
            ChangeStatus.Failed => ChangeAction.Fail,
            _ => ChangeAction.RollBack,
        };
        if (WhyNot(action) is { } why)
        {
            return Outcome.Conflict(why);
        }

        Status = outcome;
        EndedAt = at;
        Version++;
        return Outcome.Success;
    }

    public Outcome Cancel(string? reason)
    {
        if (WhyNot(ChangeAction.Cancel) is { } why)
        {
            return Outcome.Conflict(why);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return Outcome.Invalid("Say why the change is cancelled.");
        }

        Status = ChangeStatus.Cancelled;
        Version++;
        return Outcome.Success;
    }

    /// <summary>
    /// Through the documented process: a standard change; a normal change approved before it started; an emergency or
    /// a bypass approved after the fact by <paramref name="approvalDeadline"/>.
    /// </summary>
    public bool WentThroughProcess(DateTimeOffset approvalDeadline) => MissedBecause(approvalDeadline) is null;

    /// <summary>Why it did not go through the process, or null when it did.</summary>
    public string? MissedBecause(DateTimeOffset approvalDeadline) => Case.MissedBecause(approvalDeadline);

    /// <summary>What process compliance needs to know of this change.</summary>
    public ComplianceCase Case => ChangeCompliance.CaseOf(this);

    public static string Describe(ChangeStatus status) => status switch
    {
        ChangeStatus.Draft => "a draft",
        ChangeStatus.Submitted => "submitted",
        ChangeStatus.Approved => "approved",
        ChangeStatus.Scheduled => "scheduled",
        ChangeStatus.InProgress => "in progress",
        ChangeStatus.Completed => "completed",
        ChangeStatus.Failed => "failed",
        ChangeStatus.RolledBack => "rolled back",
        ChangeStatus.Rejected => "rejected",
        ChangeStatus.Cancelled => "cancelled",
    };

    public static string Label(ChangeStatus status) => status switch
    {
        ChangeStatus.Draft => "Draft",
        ChangeStatus.Submitted => "Submitted",
        ChangeStatus.Approved => "Approved",
        ChangeStatus.Scheduled => "Scheduled",
        ChangeStatus.InProgress => "In progress",
        ChangeStatus.Completed => "Completed",
        ChangeStatus.Failed => "Failed",
        ChangeStatus.RolledBack => "Rolled back",
        ChangeStatus.Rejected => "Rejected",
        ChangeStatus.Cancelled => "Cancelled",
    };

    private static string Past(ChangeAction action) => action switch
    {
        ChangeAction.Submit => "submitted",
        ChangeAction.Approve => "approved",
        ChangeAction.Reject => "rejected",
        ChangeAction.Schedule => "scheduled",
        ChangeAction.Start => "started",
        ChangeAction.Complete => "completed",
        ChangeAction.Fail => "marked failed",
        ChangeAction.RollBack => "rolled back",
        ChangeAction.Cancel => "cancelled",
    };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>The short risk questionnaire: each "yes" raises the suggested risk one step.</summary>
public static class ChangeRiskQuestions
{
    public static ChangeRisk Suggest(bool customersNotice, bool noQuickRollback, bool untested) =>
        ((customersNotice ? 1 : 0) + (noQuickRollback ? 1 : 0) + (untested ? 1 : 0)) switch
        {
            0 => ChangeRisk.Low,
            1 => ChangeRisk.Medium,
            _ => ChangeRisk.High,
        };
}
