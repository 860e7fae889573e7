namespace Incidents.Domain.Postmortems;

public enum PostmortemStatus
{
    Draft,
    InReview,
    Published,
}

/// <summary>A line of the postmortem's own timeline: drafted from the incident's, then edited freely.</summary>
public sealed record PostmortemTimelineItem(DateTimeOffset At, string Text, long? SourceEntryId = null);

/// <summary>One thing publishing needs, and whether it is there: shown next to the Publish button.</summary>
public sealed record PublishNeed(string Text, bool Met);

/// <summary>The blameless template's sections. Markdown, rendered safely.</summary>
public sealed record PostmortemContent(
    string? Summary,
    string? CustomerImpact,
    IReadOnlyList<PostmortemTimelineItem> Timeline,
    string? RootCause,
    string? WentWell,
    string? WentBadly,
    string? GotLucky);

/// <summary>
/// A blameless review of one incident: Draft → In review → Published (read-only). Opened by policy when a
/// qualifying incident is resolved, owned by the commander, due a number of business days later.
/// </summary>
public sealed class Postmortem
{
    public const int MaxSectionLength = 20_000;
    private List<PostmortemTimelineItem> timeline = [];

    private Postmortem()
    {
    }

    public long Id { get; private set; }

    public long IncidentId { get; private set; }

    public string? OwnerId { get; set; }

    public PostmortemStatus Status { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public string? Summary { get; private set; }

    public string? CustomerImpact { get; private set; }

    public IReadOnlyList<PostmortemTimelineItem> Timeline => timeline;

    public string? RootCause { get; private set; }

    /// <summary>The problem the root cause is recorded on.</summary>
    public long? ProblemId { get; private set; }

    public string? WentWell { get; private set; }

    public string? WentBadly { get; private set; }

    public string? GotLucky { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>Why the owner published before the review meeting, when they did.</summary>
    public string? PublishedEarlyBecause { get; private set; }

    public const int MaxEarlyReasonLength = 500;

    public DateTimeOffset LastEditedAt { get; private set; }

    public string LastEditedByName { get; private set; } = "";

    public int Version { get; private set; }

    public bool IsReadOnly => Status == PostmortemStatus.Published;

    public bool IsOverdue(DateTimeOffset now) => Status != PostmortemStatus.Published && now > DueAt;

    public static Postmortem Open(long incidentId, string? ownerId, DateTimeOffset dueAt, IReadOnlyList<PostmortemTimelineItem> draftTimeline, string? summary, DateTimeOffset at) => new()
    {
        IncidentId = incidentId,
        OwnerId = ownerId,
        DueAt = dueAt,
        timeline = [.. draftTimeline],
        Summary = summary,
        CreatedAt = at,
        LastEditedAt = at,
        LastEditedByName = "Incidents",
    };

    /// <summary>Saves the sections (autosave calls this often). Published postmortems are read-only.</summary>
    public Outcome Edit(PostmortemContent content, Actor by, DateTimeOffset at)
    {
        if (IsReadOnly)
        {
            return Outcome.Conflict("A published postmortem is read-only.");
        }

        string?[] sections = [content.Summary, content.CustomerImpact, content.RootCause, content.WentWell, content.WentBadly, content.GotLucky];
        if (sections.Any(s => s?.Length > MaxSectionLength) || content.Timeline.Any(t => t.Text.Length > 2_000))
        {
            return Outcome.Invalid($"Keep each section within {MaxSectionLength:N0} characters and each timeline line within 2,000.");
        }

        if (content.Timeline.Count > 500)
        {
            return Outcome.Invalid("Keep the timeline within 500 lines.");
        }

        Summary = Clean(content.Summary);
        CustomerImpact = Clean(content.CustomerImpact);
        RootCause = Clean(content.RootCause);
        WentWell = Clean(content.WentWell);
        WentBadly = Clean(content.WentBadly);
        GotLucky = Clean(content.GotLucky);
        timeline = content.Timeline.Where(t => !string.IsNullOrWhiteSpace(t.Text)).Select(t => t with { Text = t.Text.Trim() }).OrderBy(t => t.At).ToList();
        Touch(by, at);
        return Outcome.Success;
    }

    public Outcome LinkProblem(long? problemId, Actor by, DateTimeOffset at)
    {
        if (IsReadOnly)
        {
            return Outcome.Conflict("A published postmortem is read-only.");
        }

        ProblemId = problemId;
        Touch(by, at);
        return Outcome.Success;
    }

    /// <summary>Draft → In review: needs a summary and the impact.</summary>
    public Outcome Submit(Actor by, DateTimeOffset at)
    {
        if (Status != PostmortemStatus.Draft)
        {
            return Outcome.Conflict($"Only a draft can be sent for review; this one is {Describe(Status)}.");
        }

        if (Summary is null || CustomerImpact is null)
        {
            return Outcome.Invalid("Write the summary and the customer impact before asking for a review.");
        }

        Status = PostmortemStatus.InReview;
        SubmittedAt = at;
        Touch(by, at);
        return Outcome.Success;
    }

    /// <summary>In review → Draft, for more work.</summary>
    public Outcome ReturnToDraft(Actor by, DateTimeOffset at)
    {
        if (Status != PostmortemStatus.InReview)
        {
            return Outcome.Conflict($"Only a postmortem in review goes back to draft; this one is {Describe(Status)}.");
        }

        Status = PostmortemStatus.Draft;
        Touch(by, at);
        return Outcome.Success;
    }

    /// <summary>
    /// What publishing needs, met or not: in review, a root cause (written or as a linked problem), and — when a review
    /// meeting is still ahead — the meeting first, or the owner's reason it can't wait.
    /// </summary>
    public IReadOnlyList<PublishNeed> PublishNeeds(DateTimeOffset? reviewStartsAt, DateTimeOffset now, string? earlyReason = null) =>
        PublishNeedsOf(Status, RootCause is not null || ProblemId is not null, reviewStartsAt, now, earlyReason);

    /// <summary>The same, for an editor that holds the state (a root cause being typed counts once written).</summary>
    public static IReadOnlyList<PublishNeed> PublishNeedsOf(PostmortemStatus status, bool hasRootCause, DateTimeOffset? reviewStartsAt, DateTimeOffset now, string? earlyReason)
    {
        var needs = new List<PublishNeed>
        {
            new("Sent for review", status == PostmortemStatus.InReview),
            new("A root cause, written or as a linked problem", hasRootCause),
        };
        if (reviewStartsAt is { } starts && starts > now)
        {
            needs.Add(new("The review meeting has taken place, or the owner says why it can't wait", !string.IsNullOrWhiteSpace(earlyReason)));
        }

        return needs;
    }

    /// <summary>
    /// In review → Published: needs the root cause, written or as a linked problem; before a scheduled review meeting,
    /// only the owner may publish, and says why.
    /// </summary>
    public Outcome Publish(Actor by, DateTimeOffset at, DateTimeOffset? reviewStartsAt = null, string? earlyReason = null)
    {
        if (Status != PostmortemStatus.InReview)
        {
            return Outcome.Conflict($"Only a postmortem in review can be published; this one is {Describe(Status)}.");
        }

        if (RootCause is null && ProblemId is null)
        {
            return Outcome.Invalid("Record the root cause (or link the problem) before publishing.");
        }

        var early = reviewStartsAt is { } starts && starts > at;
        var when = reviewStartsAt?.UtcDateTime.ToString("d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        if (early && by.Id != OwnerId)
        {
            return Outcome.Forbidden($"The review meeting is on {when} UTC; before it, only the postmortem's owner can publish.");
        }

        if (early && string.IsNullOrWhiteSpace(earlyReason))
        {
            return Outcome.Invalid($"The review meeting is on {when} UTC: publish after it, or say why it can't wait.");
        }

        if (early && earlyReason!.Trim().Length > MaxEarlyReasonLength)
        {
            return Outcome.Invalid($"Keep the reason within {MaxEarlyReasonLength} characters.");
        }

        Status = PostmortemStatus.Published;
        PublishedAt = at;
        PublishedEarlyBecause = early ? earlyReason!.Trim() : null;
        Touch(by, at);
        return Outcome.Success;
    }

    /// <summary>The owner's deadline moves (a reviewer agreed to more time).</summary>
    public Outcome ChangeDue(DateTimeOffset dueAt, Actor by, DateTimeOffset at)
    {
        if (IsReadOnly)
        {
            return Outcome.Conflict("A published postmortem is read-only.");
        }

        DueAt = dueAt;
        Touch(by, at);
        return Outcome.Success;
    }

    public static string Describe(PostmortemStatus status) => status switch
    {
        PostmortemStatus.Draft => "Draft",
        PostmortemStatus.InReview => "In review",
        PostmortemStatus.Published => "Published",
    };

    private void Touch(Actor by, DateTimeOffset at)
    {
        LastEditedAt = at;
        LastEditedByName = by.Name;
        Version++;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
