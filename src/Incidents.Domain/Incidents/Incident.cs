using Incidents.Domain.Catalog;

namespace Incidents.Domain.Incidents;

/// <summary>
/// An unplanned interruption or degradation of a service. Every change goes through a method here, which
/// checks that it is legal now, stamps it, writes it on the timeline and bumps <see cref="Version"/>.
/// </summary>
public sealed class Incident
{
    /// <summary>Incidents this severe or worse are posted to their owning team's chat channel.</summary>
    public const Severity TeamChannelAtOrAbove = Severity.Sev2;

    /// <summary>Whether this incident belongs in its owning team's channel now (severe enough, and still open).</summary>
    public static bool PostsToTeamChannel(Severity severity, IncidentStatus status) => severity.IsAtOrAbove(TeamChannelAtOrAbove) && status.IsOpen();

    private readonly List<TimelineEntry> timeline = [];
    private readonly List<IncidentResponder> responders = [];
    private List<string> tags = [];

    private Incident()
    {
    }

    public long Id { get; private set; }

    /// <summary>INC-n; the number is the row's identity.</summary>
    public string Number => Format(Id);

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public long ServiceId { get; private set; }

    public Impact Impact { get; private set; }

    public Urgency Urgency { get; private set; }

    public Severity Severity { get; private set; }

    /// <summary>Set when a person chose the severity instead of the matrix.</summary>
    public string? SeverityOverrideReason { get; private set; }

    public IncidentStatus Status { get; private set; }

    public string? CommanderId { get; private set; }

    public string? ReporterId { get; private set; }

    public string ReporterName { get; private set; } = "";

    public string? CustomerReference { get; private set; }

    public IReadOnlyList<string> Tags => tags;

    public IReadOnlyCollection<IncidentResponder> Responders => responders;

    public IReadOnlyList<TimelineEntry> Timeline => timeline;

    public DateTimeOffset TriggeredAt { get; private set; }

    /// <summary>When the SLA clock last started: when it was opened, or last reopened (re-triage keeps counting from here).</summary>
    public DateTimeOffset SlaStartedAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    /// <summary>The first acknowledgement ever: kept when a reopen clears <see cref="AcknowledgedAt"/>; time to acknowledge is measured to it.</summary>
    public DateTimeOffset? FirstAcknowledgedAt { get; private set; }

    public DateTimeOffset? MitigatedAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>One line on what resolved it, given by the person resolving; shown on the incident and sent with the postmortem.</summary>
    public string? ResolutionSummary { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public int ReopenCount { get; private set; }

    public DateTimeOffset? AcknowledgeDueAt { get; private set; }

    public DateTimeOffset? ResolveDueAt { get; private set; }

    public DateTimeOffset? AcknowledgeBreachedAt { get; private set; }

    public DateTimeOffset? ResolveBreachedAt { get; private set; }

    public long? DuplicateOfId { get; private set; }

    public string? LatestStatusUpdate { get; private set; }

    public DateTimeOffset? LatestStatusUpdateAt { get; private set; }

    /// <summary>Bumped by every change; the optimistic-concurrency token.</summary>
    public int Version { get; private set; }

    public string LastChangedByName { get; private set; } = "";

    public DateTimeOffset LastChangedAt { get; private set; }

    /// <summary>What recurring incidents share (see <c>Recurrence.Fingerprint</c>); set for incidents opened by alerts.</summary>
    public string? Fingerprint { get; private set; }

    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxCustomerReferenceLength = 100;

    public static string Format(long id) => $"INC-{id}";

    /// <summary>
    /// Text that is to become a title (an alert's summary, say): one line, trimmed, and shortened to
    /// <see cref="MaxTitleLength"/> with an ellipsis where it was cut; null when there is nothing but white space.
    /// </summary>
    public static string? TitleFrom(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (line.Length <= MaxTitleLength)
        {
            return line;
        }

        var cut = MaxTitleLength - 1;
        if (char.IsHighSurrogate(line[cut - 1]))
        {
            cut--;
        }

        return line[..cut].TrimEnd() + "…";
    }

    /// <summary>
    /// Alerts of this incident's group that monitoring left out of its latest notification (Alertmanager's
    /// <c>truncatedAlerts</c>, when <c>max_alerts</c> cut the list): the app cannot know whether they still fire.
    /// </summary>
    public int TruncatedAlerts { get; private set; }

    /// <summary>Set once, when the incident is opened from an alert.</summary>
    public void IdentifyBy(string? fingerprint) => Fingerprint ??= fingerprint;

    /// <summary>What the latest notification for this incident's alerts left out (0: it was complete).</summary>
    public void NoteTruncatedAlerts(int count) => TruncatedAlerts = Math.Max(0, count);

    /// <summary>
    /// Monitoring may resolve the incident only when every alert it knows is resolved and no notification left
    /// alerts out: a truncated notification describes part of the group, so the rest may still be firing.
    /// </summary>
    public bool MayAutoResolve(bool anyAlertOpen) => Status.IsOpen() && !anyAlertOpen && TruncatedAlerts == 0;

    public static bool TryParseNumber(string? text, out long id)
    {
        id = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith("INC-", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[4..];
        }

        return long.TryParse(trimmed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id) && id > 0;
    }

    public static (Outcome Outcome, Incident? Incident) Open(
        string title,
        string? description,
        Service service,
        Impact impact,
        Urgency urgency,
        PriorityMatrix matrix,
        Actor reporter,
        DateTimeOffset at,
        string? customerReference = null,
        IEnumerable<string>? tags = null)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return (Outcome.Invalid("Give the incident a title."), null);
        }

        if (title.Trim().Length > MaxTitleLength)
        {
            return (Outcome.Invalid($"Keep the title to {MaxTitleLength} characters."), null);
        }

        if (DetailsProblem(description, customerReference) is { } problem)
        {
            return (Outcome.Invalid(problem), null);
        }

        var incident = new Incident
        {
            Title = title.Trim(),
            Description = description?.Trim() ?? "",
            ServiceId = service.Id,
            Impact = impact,
            Urgency = urgency,
            Severity = matrix.For(impact, urgency),
            Status = IncidentStatus.Triggered,
            ReporterId = reporter.Id,
            ReporterName = reporter.Name,
            CustomerReference = string.IsNullOrWhiteSpace(customerReference) ? null : customerReference.Trim(),
            TriggeredAt = at,
        };
        incident.tags = NormalizeTags(tags);
        incident.SetDeadlines(service, at);
        incident.Record(TimelineKind.Opened, reporter, at,
            $"Opened as {incident.Severity.Label()} ({impact} impact, {urgency} urgency) on {service.Name}.");
        return (Outcome.Success, incident);
    }

    /// <summary>
    /// The state rule, once: why <paramref name="action"/> is not possible in the incident's current status, or null
    /// when it is. Every transition below asks it first; the portal, the chat cards and the API show what it allows.
    /// </summary>
    public string? WhyNotNow(IncidentAction action) => WhyNotIn(Status, Number, action);

    /// <summary>The state rule for an incident known only by its status and number (cards, lists).</summary>
    public static string? WhyNotIn(IncidentStatus status, string number, IncidentAction action) => action switch
    {
        IncidentAction.Acknowledge => status switch
        {
            IncidentStatus.Triggered => null,
            IncidentStatus.Acknowledged => $"{number} is already acknowledged.",
            IncidentStatus.Mitigated or IncidentStatus.Resolved or IncidentStatus.Closed =>
                $"{number} is {status.ToString().ToLowerInvariant()}; there is nothing to acknowledge.",
        },
        IncidentAction.Mitigate => status switch
        {
            IncidentStatus.Triggered or IncidentStatus.Acknowledged => null,
            IncidentStatus.Mitigated => $"{number} is already mitigated.",
            IncidentStatus.Resolved or IncidentStatus.Closed => $"{number} is {status.ToString().ToLowerInvariant()}; reopen it first.",
        },
        IncidentAction.Resolve => status switch
        {
            IncidentStatus.Triggered or IncidentStatus.Acknowledged or IncidentStatus.Mitigated => null,
            IncidentStatus.Resolved => $"{number} is already resolved.",
            IncidentStatus.Closed => $"{number} is closed; reopen it first.",
        },
        IncidentAction.Close => status switch
        {
            IncidentStatus.Resolved => null,
            IncidentStatus.Closed => $"{number} is already closed.",
            IncidentStatus.Triggered or IncidentStatus.Acknowledged or IncidentStatus.Mitigated => $"{number} must be resolved before it is closed.",
        },
        IncidentAction.Reopen => status switch
        {
            IncidentStatus.Resolved or IncidentStatus.Closed => null,
            IncidentStatus.Triggered or IncidentStatus.Acknowledged or IncidentStatus.Mitigated => $"{number} is still open.",
        },
        IncidentAction.Escalate => status switch
        {
            IncidentStatus.Triggered or IncidentStatus.Acknowledged or IncidentStatus.Mitigated => null,
            IncidentStatus.Resolved or IncidentStatus.Closed => $"{number} is {status.ToString().ToLowerInvariant()}; reopen it first.",
        },
        IncidentAction.AddNote or IncidentAction.PostStatusUpdate or IncidentAction.Triage or IncidentAction.ManagePeople or IncidentAction.Relate => null,
    };

    /// <summary>
    /// Whether <paramref name="who"/> may do <paramref name="action"/> now: null when allowed, else a refusal — Forbidden
    /// (who they are; the message says who can help) before Conflict (the current status).
    /// </summary>
    public Outcome? WhyNot(IncidentAction action, IncidentStanding who) =>
        IncidentRights.Check(who, action, Number)
        ?? (WhyNotNow(action) is { } why ? Outcome.Conflict(why) : null);

    /// <summary>What <paramref name="who"/> can do to this incident now, in the order a person would look for them.</summary>
    public IReadOnlyList<IncidentAction> AvailableActions(IncidentStanding who) =>
        Enum.GetValues<IncidentAction>().Where(a => WhyNot(a, who) is null).ToList();

    /// <summary>What the incident's status allows now, whoever asks (cards in a shared channel show these; pressing one asks <see cref="WhyNot"/>).</summary>
    public IReadOnlyList<IncidentAction> ActionsNow() => ActionsIn(Status);

    /// <summary>The step an incident in <paramref name="status"/> is waiting for: the button a person looks for first.</summary>
    public static IncidentAction NextStepIn(IncidentStatus status) => status switch
    {
        IncidentStatus.Triggered => IncidentAction.Acknowledge,
        IncidentStatus.Acknowledged => IncidentAction.Mitigate,
        IncidentStatus.Mitigated => IncidentAction.Resolve,
        IncidentStatus.Resolved => IncidentAction.Close,
        IncidentStatus.Closed => IncidentAction.Reopen,
    };

    /// <summary>What an incident in <paramref name="status"/> allows, whoever asks.</summary>
    public static IReadOnlyList<IncidentAction> ActionsIn(IncidentStatus status) =>
        Enum.GetValues<IncidentAction>().Where(a => WhyNotIn(status, "", a) is null).ToList();

    public Outcome Acknowledge(Actor by, DateTimeOffset at)
    {
        if (WhyNotNow(IncidentAction.Acknowledge) is { } why)
        {
            return Outcome.Conflict(why);
        }

        Status = IncidentStatus.Acknowledged;
        AcknowledgedAt = at;
        FirstAcknowledgedAt ??= at;
        Record(TimelineKind.Acknowledged, by, at, $"Acknowledged by {by.Name}.");
        return Outcome.Success;
    }

    public Outcome Mitigate(Actor by, DateTimeOffset at)
    {
        if (WhyNotNow(IncidentAction.Mitigate) is { } why)
        {
            return Outcome.Conflict(why);
        }

        AcknowledgedAt ??= at;
        Status = IncidentStatus.Mitigated;
        MitigatedAt = at;
        Record(TimelineKind.Mitigated, by, at, $"Mitigated by {by.Name}: impact is contained.");
        return Outcome.Success;
    }

    /// <summary>Serious incidents (this severity or worse) are resolved by a person only with a one-line summary of what resolved them.</summary>
    public const Severity SummaryRequiredAtOrAbove = Severity.Sev2;

    public const int MaxResolutionSummaryLength = 500;

    /// <summary>Whether <paramref name="by"/> must say what resolved it (monitoring resolving on its own need not).</summary>
    public bool NeedsResolutionSummary(Actor by) => !by.IsSystem && Severity.IsAtOrAbove(SummaryRequiredAtOrAbove);

    public Outcome Resolve(Actor by, DateTimeOffset at, string? summary = null)
    {
        if (WhyNotNow(IncidentAction.Resolve) is { } why)
        {
            return Outcome.Conflict(why);
        }

        if (string.IsNullOrWhiteSpace(summary) && NeedsResolutionSummary(by))
        {
            return Outcome.Invalid($"Say in one line what resolved {Number}: {Severity.Label()} incidents need a resolution summary.");
        }

        if (summary?.Trim().Length > MaxResolutionSummaryLength)
        {
            return Outcome.Invalid($"Keep the resolution summary to {MaxResolutionSummaryLength} characters.");
        }

        Status = IncidentStatus.Resolved;
        ResolvedAt = at;
        ResolutionSummary = string.IsNullOrWhiteSpace(summary) ? null : summary.Trim();
        Record(TimelineKind.Resolved, by, at,
            string.IsNullOrWhiteSpace(summary) ? $"Resolved by {by.Name}." : $"Resolved by {by.Name}: {summary.Trim()}");
        return Outcome.Success;
    }

    public Outcome Close(Actor by, DateTimeOffset at)
    {
        if (WhyNotNow(IncidentAction.Close) is { } why)
        {
            return Outcome.Conflict(why);
        }

        Status = IncidentStatus.Closed;
        ClosedAt = at;
        Record(TimelineKind.Closed, by, at, $"Closed by {by.Name}.");
        return Outcome.Success;
    }

    /// <summary>Back to Triggered: the clock for acknowledging and resolving starts again from now.</summary>
    public Outcome Reopen(Actor by, DateTimeOffset at, Service service, string? reason = null)
    {
        if (WhyNotNow(IncidentAction.Reopen) is { } why)
        {
            return Outcome.Conflict(why);
        }

        Status = IncidentStatus.Triggered;
        ReopenCount++;
        AcknowledgedAt = null;
        MitigatedAt = null;
        ResolvedAt = null;
        ResolutionSummary = null;
        ClosedAt = null;
        AcknowledgeBreachedAt = null;
        ResolveBreachedAt = null;
        SetDeadlines(service, at);
        Record(TimelineKind.Reopened, by, at,
            string.IsNullOrWhiteSpace(reason) ? $"Reopened by {by.Name}." : $"Reopened by {by.Name}: {reason.Trim()}");
        return Outcome.Success;
    }

    /// <summary>Re-triage: the severity follows the matrix unless a person has overridden it.</summary>
    public Outcome Reprioritize(Impact impact, Urgency urgency, PriorityMatrix matrix, Service service, Actor by, DateTimeOffset at)
    {
        if (impact == Impact && urgency == Urgency)
        {
            return Outcome.Success;
        }

        Impact = impact;
        Urgency = urgency;
        var before = Severity;
        if (SeverityOverrideReason is null)
        {
            Severity = matrix.For(impact, urgency);
        }

        Record(TimelineKind.SeverityChanged, by, at,
            before == Severity
                ? $"Impact {impact}, urgency {urgency}; severity stays {Severity.Label()}."
                : $"Impact {impact}, urgency {urgency}: severity {before.Label()} → {Severity.Label()}.");
        if (before != Severity)
        {
            SetDeadlines(service, SlaStartedAt);
        }

        return Outcome.Success;
    }

    public Outcome OverrideSeverity(Severity severity, string reason, Service service, Actor by, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Outcome.Invalid("Say why the severity differs from the matrix.");
        }

        var before = Severity;
        Severity = severity;
        SeverityOverrideReason = reason.Trim();
        SetDeadlines(service, SlaStartedAt);
        Record(TimelineKind.SeverityChanged, by, at, $"Severity {before.Label()} → {severity.Label()} (override): {SeverityOverrideReason}");
        return Outcome.Success;
    }

    public Outcome AssignCommander(string userId, string name, Actor by, DateTimeOffset at)
    {
        if (CommanderId == userId)
        {
            return Outcome.Success;
        }

        CommanderId = userId;
        AddResponderIfMissing(userId);
        Record(TimelineKind.CommanderAssigned, by, at, $"{name} is the incident commander.");
        return Outcome.Success;
    }

    /// <summary>
    /// Whoever acknowledges, mitigates, resolves, notes or posts an update is in the response. The first person to take an
    /// incident nobody leads (acknowledging it, or mitigating or resolving it outright) becomes its commander; the
    /// success then says so, and how to hand it over.
    /// </summary>
    public Outcome Involve(Actor by, IncidentAction action, DateTimeOffset at)
    {
        if (by.Id is not { } userId || action is not (IncidentAction.Acknowledge or IncidentAction.Mitigate or IncidentAction.Resolve
            or IncidentAction.AddNote or IncidentAction.PostStatusUpdate))
        {
            return Outcome.Success;
        }

        AddResponderIfMissing(userId);
        if (CommanderId is not null || action is IncidentAction.AddNote or IncidentAction.PostStatusUpdate)
        {
            return Outcome.Success;
        }

        CommanderId = userId;
        Record(TimelineKind.CommanderAssigned, by, at, $"{by.Name} took {Number} first and is the incident commander.");
        return Outcome.SucceededWith("You are the incident commander now; hand it over on the incident page, under People.");
    }

    public Outcome AddResponder(string userId, string name, Actor by, DateTimeOffset at)
    {
        if (responders.Any(r => r.UserId == userId))
        {
            return Outcome.Conflict($"{name} is already responding.");
        }

        AddResponderIfMissing(userId);
        Record(TimelineKind.ResponderAdded, by, at, $"{name} joined as responder.");
        return Outcome.Success;
    }

    public Outcome RemoveResponder(string userId, string name, Actor by, DateTimeOffset at)
    {
        if (userId == CommanderId)
        {
            return Outcome.Conflict($"{name} is the commander; assign another commander first.");
        }

        if (responders.RemoveAll(r => r.UserId == userId) == 0)
        {
            return Outcome.NotFound($"{name} is not responding.");
        }

        Record(TimelineKind.ResponderRemoved, by, at, $"{name} left the response.");
        return Outcome.Success;
    }

    public Outcome AddNote(string markdown, Actor by, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return Outcome.Invalid("Write something in the note.");
        }

        if (markdown.Length > 20_000)
        {
            return Outcome.Invalid("Keep a note under 20,000 characters.");
        }

        Record(TimelineKind.Note, by, at, markdown.Trim());
        return Outcome.Success;
    }

    /// <summary>A public update for stakeholders; the latest one is shown prominently.</summary>
    public Outcome PostStatusUpdate(string text, Actor by, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Outcome.Invalid("Write the status update.");
        }

        if (text.Length > 5_000)
        {
            return Outcome.Invalid("Keep a status update under 5,000 characters.");
        }

        LatestStatusUpdate = text.Trim();
        LatestStatusUpdateAt = at;
        Record(TimelineKind.StatusUpdate, by, at, LatestStatusUpdate);
        return Outcome.Success;
    }

    public Outcome LinkTo(Incident other, Actor by, DateTimeOffset at)
    {
        if (other.Id == Id)
        {
            return Outcome.Invalid("An incident cannot be related to itself.");
        }

        Record(TimelineKind.Linked, by, at, $"Related to {other.Number}: {other.Title}");
        return Outcome.Success;
    }

    /// <summary>
    /// The incident opened while an approved change of its service was in progress (maintenance): it says so, and whether
    /// it pages (only at <paramref name="pagesAtOrAbove"/> or worse). True when it pages.
    /// </summary>
    public bool OpenedDuringChange(string changeNumber, string changeTitle, Severity pagesAtOrAbove, Actor by, DateTimeOffset at)
    {
        var pages = Severity.IsAtOrAbove(pagesAtOrAbove);
        Record(TimelineKind.ChangeLinked, by, at, pages
            ? $"Opened during {changeNumber} ({changeTitle}), an approved change in progress; {Severity.Label()} pages all the same."
            : $"Opened during {changeNumber} ({changeTitle}), an approved change in progress: recorded without paging below {pagesAtOrAbove.Label()}.");
        return pages;
    }

    /// <summary>Records that a production change caused this incident, or (a rollback or fix) ended it.</summary>
    public Outcome RecordChange(string changeNumber, string changeTitle, bool causedIt, Actor by, DateTimeOffset at)
    {
        Record(TimelineKind.ChangeLinked, by, at, causedIt ? $"Caused by {changeNumber}: {changeTitle}" : $"Fixed by {changeNumber}: {changeTitle}");
        return Outcome.Success;
    }

    public Outcome UnlinkFrom(Incident other, Actor by, DateTimeOffset at)
    {
        if (DuplicateOfId == other.Id)
        {
            DuplicateOfId = null;
        }

        Record(TimelineKind.Unlinked, by, at, $"No longer related to {other.Number}.");
        return Outcome.Success;
    }

    /// <summary>Marks this incident a duplicate of <paramref name="original"/> and resolves it if it is still open.</summary>
    public Outcome MarkDuplicateOf(Incident original, Actor by, DateTimeOffset at)
    {
        if (original.Id == Id)
        {
            return Outcome.Invalid("An incident cannot duplicate itself.");
        }

        if (original.DuplicateOfId == Id)
        {
            return Outcome.Conflict($"{original.Number} is already a duplicate of {Number}.");
        }

        DuplicateOfId = original.Id;
        Record(TimelineKind.MarkedDuplicate, by, at, $"Duplicate of {original.Number}: {original.Title}");
        if (Status.IsOpen())
        {
            Status = IncidentStatus.Resolved;
            ResolvedAt = at;
            Record(TimelineKind.Resolved, by, at, $"Resolved as a duplicate of {original.Number}.");
        }

        return Outcome.Success;
    }

    /// <summary>An alert joined this incident; its repeats update the alert, not the timeline.</summary>
    public void RecordAlertFired(long alertId, string summary, Actor source, DateTimeOffset at) =>
        Record(TimelineKind.AlertFired, source, at, summary, alertId);

    public void RecordAlertResolved(long alertId, string summary, Actor source, DateTimeOffset at) =>
        Record(TimelineKind.AlertResolved, source, at, summary, alertId);

    /// <summary>Stamps missed SLA deadlines once each; true when something was stamped.</summary>
    public bool CheckSla(DateTimeOffset now)
    {
        var changed = false;
        if (Status.AwaitsAcknowledgement() && AcknowledgeDueAt <= now && AcknowledgeBreachedAt is null)
        {
            AcknowledgeBreachedAt = now;
            Record(TimelineKind.SlaBreached, Actor.System, now,
                $"Acknowledge SLA breached: due {AcknowledgeDueAt:yyyy-MM-dd HH:mm} UTC.");
            changed = true;
        }

        if (Status.IsOpen() && ResolveDueAt <= now && ResolveBreachedAt is null)
        {
            ResolveBreachedAt = now;
            Record(TimelineKind.SlaBreached, Actor.System, now,
                $"Resolve SLA breached: due {ResolveDueAt:yyyy-MM-dd HH:mm} UTC.");
            changed = true;
        }

        return changed;
    }

    public Outcome Edit(string title, string? description, string? customerReference, IEnumerable<string>? newTags, Actor by, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > MaxTitleLength)
        {
            return Outcome.Invalid($"Give the incident a title of at most {MaxTitleLength} characters.");
        }

        if (DetailsProblem(description, customerReference) is { } problem)
        {
            return Outcome.Invalid(problem);
        }

        Title = title.Trim();
        Description = description?.Trim() ?? "";
        CustomerReference = string.IsNullOrWhiteSpace(customerReference) ? null : customerReference.Trim();
        tags = NormalizeTags(newTags);
        Record(TimelineKind.Edited, by, at, "Details edited.");
        return Outcome.Success;
    }

    private static string? DetailsProblem(string? description, string? customerReference) =>
        description?.Trim().Length > MaxDescriptionLength ? "Keep the description to 20,000 characters."
        : customerReference?.Trim().Length > MaxCustomerReferenceLength ? $"Keep the customer reference to {MaxCustomerReferenceLength} characters."
        : null;

    private static List<string> NormalizeTags(IEnumerable<string>? tags) =>
        (tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length is > 0 and <= 50).Distinct().Order().Take(20).ToList();

    private void SetDeadlines(Service service, DateTimeOffset from)
    {
        SlaStartedAt = from;
        var sla = service.SlaFor(Severity);
        AcknowledgeDueAt = from + sla.AcknowledgeWithin;
        ResolveDueAt = from + sla.ResolveWithin;
    }

    private void AddResponderIfMissing(string userId)
    {
        if (responders.All(r => r.UserId != userId))
        {
            responders.Add(new IncidentResponder(userId));
        }
    }

    private void Record(TimelineKind kind, Actor by, DateTimeOffset at, string text, long? alertId = null)
    {
        timeline.Add(new TimelineEntry(kind, by, at, text, alertId));
        Version++;
        LastChangedByName = by.Name;
        LastChangedAt = at;
    }

}

public sealed class IncidentResponder
{
    private IncidentResponder()
    {
    }

    public IncidentResponder(string userId) => UserId = userId;

    public long IncidentId { get; private set; }

    public string UserId { get; private set; } = "";
}
