namespace Incidents.Domain.Problems;

public enum ProblemStatus
{
    New,
    Investigating,
    KnownError,
    FixInProgress,
    Resolved,
    Verified,
    Closed,
}

public enum RootCauseCategory
{
    Software,
    InfrastructureHardware,
    Configuration,
    Process,
    KnowledgeTraining,
    ThirdParty,
}

public enum ProblemAction
{
    Investigate,
    StartFix,
    Resolve,
    Verify,
    Reopen,
    Close,
}

/// <summary>
/// The underlying cause of one or more incidents (PRB-n): its life cycle, the root-cause analysis (five whys,
/// contributing factors, category) and, once known, the workaround shown on new incidents with the same fingerprint.
/// </summary>
public sealed class Problem
{
    private List<string> whys = [];
    private List<string> contributingFactors = [];

    private Problem()
    {
    }

    public long Id { get; private set; }

    public string Title { get; private set; } = "";

    public long ServiceId { get; private set; }

    /// <summary>What recurring incidents share (service and alert dedup key or alert name), when known.</summary>
    public string? Fingerprint { get; private set; }

    public ProblemStatus Status { get; private set; }

    /// <summary>Who drives the analysis (the problem manager).</summary>
    public string? OwnerId { get; private set; }

    /// <summary>Gives the problem to someone (or nobody): a change like any other, so a stale editor is told.</summary>
    public bool AssignOwner(string? ownerId)
    {
        var owner = string.IsNullOrWhiteSpace(ownerId) ? null : ownerId;
        if (owner == OwnerId)
        {
            return false;
        }

        OwnerId = owner;
        Version++;
        return true;
    }

    public IReadOnlyList<string> Whys => whys;

    public IReadOnlyList<string> ContributingFactors => contributingFactors;

    public RootCauseCategory? Category { get; private set; }

    public string? RootCause { get; private set; }

    public string? Workaround { get; private set; }

    public string? ClosedReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>While resolved: an incident with the same fingerprint before this moment reopens the problem.</summary>
    public DateTimeOffset? WatchUntil { get; private set; }

    public int Version { get; private set; }

    public string Number => Format(Id);

    public static string Format(long id) => $"PRB-{id}";

    /// <summary>
    /// A title for a problem created from an incident: the incident's title without the customer it was about (a
    /// problem is about the cause, and many customers share it), e.g. "Checkout fails for Acme Corp" → "Checkout fails".
    /// </summary>
    public static string SuggestTitle(string incidentTitle, string? customer)
    {
        var title = incidentTitle.Trim();
        if (!string.IsNullOrWhiteSpace(customer))
        {
            var name = System.Text.RegularExpressions.Regex.Escape(customer.Trim());
            // "for Acme", "at Acme's", "(Acme)", "[Acme]", "Acme: …", "… - Acme".
            title = System.Text.RegularExpressions.Regex.Replace(title,
                $@"\s*(?:(?<!\w)(?:for|at|from|by|of|customer)\s+)?[(\[]?(?<!\w){name}(?!\w)(?:'s)?[)\]]?\s*[:\-–—,]?\s*", " ",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant,
                TimeSpan.FromMilliseconds(200));
            title = System.Text.RegularExpressions.Regex.Replace(title, @"\s{2,}", " ", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(200))
                .Trim(' ', ':', '-', '–', '—', ',');
        }

        title = title.Length == 0 ? "Recurring issue" : char.ToUpperInvariant(title[0]) + title[1..];
        return title.Length <= MaxTitleLength ? title : title[..MaxTitleLength].TrimEnd();
    }

    public const int MaxTitleLength = 200;

    public static (Outcome Outcome, Problem? Problem) Open(string title, long serviceId, string? fingerprint, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return (Outcome.Invalid("Give the problem a title."), null);
        }

        if (title.Trim().Length > MaxTitleLength)
        {
            return (Outcome.Invalid($"Keep the title within {MaxTitleLength} characters."), null);
        }

        return (Outcome.Success, new Problem { Title = title.Trim(), ServiceId = serviceId, Fingerprint = fingerprint, CreatedAt = at });
    }

    /// <summary>Whether an action is legal now, and why not.</summary>
    public string? WhyNot(ProblemAction action)
    {
        ProblemStatus[] from = action switch
        {
            ProblemAction.Investigate => [ProblemStatus.New],
            ProblemAction.StartFix => [ProblemStatus.Investigating, ProblemStatus.KnownError],
            ProblemAction.Resolve => [ProblemStatus.FixInProgress],
            ProblemAction.Verify => [ProblemStatus.Resolved],
            ProblemAction.Reopen => [ProblemStatus.Resolved, ProblemStatus.Verified, ProblemStatus.Closed],
            ProblemAction.Close => [ProblemStatus.New, ProblemStatus.Investigating, ProblemStatus.KnownError, ProblemStatus.FixInProgress, ProblemStatus.Resolved, ProblemStatus.Verified],
        };
        if (!from.Contains(Status))
        {
            return $"A {Describe(Status)} problem cannot be {Past(action)}.";
        }

        return action switch
        {
            ProblemAction.StartFix when RootCause is null => "Record the root cause first.",
            ProblemAction.Investigate or ProblemAction.StartFix or ProblemAction.Resolve
                or ProblemAction.Verify or ProblemAction.Reopen or ProblemAction.Close => null,
        };
    }

    public Outcome Apply(ProblemAction action, DateTimeOffset at, TimeSpan? watchWindow = null, string? reason = null)
    {
        if (WhyNot(action) is { } why)
        {
            return Outcome.Conflict(why);
        }

        if (action == ProblemAction.Close && string.IsNullOrWhiteSpace(reason))
        {
            return Outcome.Invalid("Say why the problem is closed.");
        }

        Status = action switch
        {
            ProblemAction.Investigate => ProblemStatus.Investigating,
            ProblemAction.StartFix => ProblemStatus.FixInProgress,
            ProblemAction.Resolve => ProblemStatus.Resolved,
            ProblemAction.Verify => ProblemStatus.Verified,
            ProblemAction.Reopen => ProblemStatus.Investigating,
            ProblemAction.Close => ProblemStatus.Closed,
        };
        if (action == ProblemAction.Resolve)
        {
            // The fix shipped: watch for a recurrence before calling it verified.
            ResolvedAt = at;
            WatchUntil = at + (watchWindow ?? TimeSpan.FromDays(30));
        }
        else if (action is ProblemAction.Reopen or ProblemAction.Verify or ProblemAction.Close)
        {
            WatchUntil = null;
        }

        if (action == ProblemAction.Reopen)
        {
            ResolvedAt = null;
            ClosedReason = null;
        }

        if (action == ProblemAction.Close)
        {
            ClosedReason = reason!.Trim();
        }
        Version++;
        return Outcome.Success;
    }

    public bool IsActive => Status is ProblemStatus.New or ProblemStatus.Investigating or ProblemStatus.KnownError or ProblemStatus.FixInProgress;

    /// <summary>
    /// The known-error rule, once: a workaround is shown (on the problem, on its incidents, on new incidents with its
    /// fingerprint) while the problem still matters — not once its fix is verified or it is closed.
    /// </summary>
    public static bool ShowsKnownError(ProblemStatus status, string? workaround) => workaround is not null && status switch
    {
        ProblemStatus.New or ProblemStatus.Investigating or ProblemStatus.KnownError or ProblemStatus.FixInProgress or ProblemStatus.Resolved => true,
        ProblemStatus.Verified or ProblemStatus.Closed => false,
    };

    /// <summary>The statuses whose workaround is shown, as a list queries can translate.</summary>
    public static IReadOnlyList<ProblemStatus> KnownErrorStatuses { get; } = Enum.GetValues<ProblemStatus>().Where(s => ShowsKnownError(s, "")).ToArray();

    /// <summary>Linked incidents may bring the fingerprint the problem did not have.</summary>
    public void AdoptFingerprint(string? fingerprint)
    {
        if (Fingerprint is null && fingerprint is not null)
        {
            Fingerprint = fingerprint;
            Version++;
        }
    }

    /// <summary>A countermeasure went into work: the fix is in progress, whatever the analysis says so far.</summary>
    public bool FixStarted(DateTimeOffset at)
    {
        if (Status is not (ProblemStatus.New or ProblemStatus.Investigating or ProblemStatus.KnownError))
        {
            return false;
        }

        Status = ProblemStatus.FixInProgress;
        Version++;
        return true;
    }

    /// <summary>
    /// The fix reached production after the problem was resolved (its tickets closed first): the watch for a recurrence
    /// starts again from now, since "ticket done" is not "fix in production". True when the watch moved.
    /// </summary>
    public bool FixReachedProduction(DateTimeOffset at, TimeSpan watchWindow)
    {
        if (Status != ProblemStatus.Resolved || ResolvedAt is not { } resolved || at <= resolved)
        {
            return false;
        }

        ResolvedAt = at;
        WatchUntil = at + watchWindow;
        Version++;
        return true;
    }

    /// <summary>Every countermeasure is done: the fix shipped and the watch window starts.</summary>
    public bool FixShipped(DateTimeOffset at, TimeSpan watchWindow)
    {
        if (!IsActive)
        {
            return false;
        }

        Status = ProblemStatus.FixInProgress;
        return Apply(ProblemAction.Resolve, at, watchWindow).Succeeded;
    }

    /// <summary>
    /// The five whys (in order), contributing factors, category, root cause and workaround; editable until resolved.
    /// A workaround makes it a known error (and removing it takes that back), so status and banner agree.
    /// </summary>
    public Outcome RecordAnalysis(IReadOnlyList<string> fiveWhys, IReadOnlyList<string> factors, RootCauseCategory? category, string? rootCause, string? workaround)
    {
        if (Status is ProblemStatus.Resolved or ProblemStatus.Verified or ProblemStatus.Closed)
        {
            return Outcome.Conflict($"A {Describe(Status)} problem's analysis is final; reopen it to change it.");
        }

        var cleanWhys = fiveWhys.Select(w => w.Trim()).Where(w => w.Length > 0).ToList();
        if (cleanWhys.Count > 10)
        {
            return Outcome.Invalid("Keep it to ten whys.");
        }

        whys = cleanWhys;
        contributingFactors = factors.Select(f => f.Trim()).Where(f => f.Length > 0).Distinct().ToList();
        Category = category;
        RootCause = string.IsNullOrWhiteSpace(rootCause) ? null : rootCause.Trim();
        Workaround = string.IsNullOrWhiteSpace(workaround) ? null : workaround.Trim();
        // The status says what the banner shows: a workaround makes a problem under analysis a known error, and
        // taking it away again makes it one under investigation.
        Status = (Status, Workaround) switch
        {
            (ProblemStatus.New or ProblemStatus.Investigating, not null) => ProblemStatus.KnownError,
            (ProblemStatus.KnownError, null) => ProblemStatus.Investigating,
            _ => Status,
        };
        Version++;
        return Outcome.Success;
    }

    /// <summary>
    /// An incident with this problem's fingerprint happened. Within the watch window after the fix shipped, that is a
    /// recurrence: the problem reopens (true); the caller marks its countermeasures ineffective.
    /// </summary>
    public bool Recurred(string fingerprint, DateTimeOffset at)
    {
        if (Fingerprint != fingerprint || Status != ProblemStatus.Resolved || WatchUntil is not { } until || at > until)
        {
            return false;
        }

        Apply(ProblemAction.Reopen, at);
        return true;
    }

    /// <summary>The watch window passed without a recurrence: the fix is verified (true).</summary>
    public bool VerifyIfWatchPassed(DateTimeOffset now) =>
        Status == ProblemStatus.Resolved && WatchUntil is { } until && now > until && Apply(ProblemAction.Verify, now).Succeeded;

    private static string Describe(ProblemStatus status) => status switch
    {
        ProblemStatus.New => "new",
        ProblemStatus.Investigating => "investigated",
        ProblemStatus.KnownError => "known-error",
        ProblemStatus.FixInProgress => "being-fixed",
        ProblemStatus.Resolved => "resolved",
        ProblemStatus.Verified => "verified",
        ProblemStatus.Closed => "closed",
    };

    private static string Past(ProblemAction action) => action switch
    {
        ProblemAction.Investigate => "put under investigation",
        ProblemAction.StartFix => "moved to fix in progress",
        ProblemAction.Resolve => "resolved",
        ProblemAction.Verify => "verified",
        ProblemAction.Reopen => "reopened",
        ProblemAction.Close => "closed",
    };
}

/// <summary>
/// How far a resolved problem is through its watch for a recurrence: on day <see cref="Day"/> of <see cref="Days"/>
/// (<see cref="Percent"/> done); verified at the end if nothing recurs.
/// </summary>
public readonly record struct WatchProgress(int Day, int Days, double Percent)
{
    public static WatchProgress Of(DateTimeOffset resolvedAt, DateTimeOffset until, DateTimeOffset now)
    {
        var total = Math.Max((until - resolvedAt).TotalDays, double.Epsilon);
        var gone = Math.Clamp((now - resolvedAt).TotalDays, 0, total);
        return new((int)Math.Ceiling(gone), (int)Math.Round(total), 100 * gone / total);
    }
}
