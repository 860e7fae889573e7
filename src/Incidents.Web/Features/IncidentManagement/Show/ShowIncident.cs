using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.IncidentManagement.Show;

public sealed record PersonRef(string Id, string Name);

public sealed record TimelineItem(long Id, DateTimeOffset At, string ActorName, bool BySystem, TimelineKind Kind, string Text, string? Html)
{
    /// <summary>For a fired alert: how often it has fired and when it last did (one entry however often it repeats).</summary>
    public int? AlertCount { get; init; }

    /// <summary>How many distinct alerts (e.g. one per pod) share this line's summary.</summary>
    public int? AlertInstances { get; init; }

    public DateTimeOffset? AlertLastSeenAt { get; init; }
}

public sealed record RelatedIncident(long Id, string Title, IncidentStatus Status, Severity Severity, bool IsOriginal)
{
    public string Number => Incident.Format(Id);
}

public sealed record IncidentDetails(
    long Id,
    string Title,
    string Description,
    string? DescriptionHtml,
    Severity Severity,
    Impact Impact,
    Urgency Urgency,
    string? SeverityOverrideReason,
    IncidentStatus Status,
    long ServiceId,
    string ServiceName,
    string ServiceSlug,
    string TeamName,
    string? RunbookUrl,
    PersonRef? Commander,
    IReadOnlyList<PersonRef> Responders,
    string ReporterName,
    string? CustomerReference,
    IReadOnlyList<string> Tags,
    DateTimeOffset TriggeredAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? MitigatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? AcknowledgeDueAt,
    DateTimeOffset? ResolveDueAt,
    DateTimeOffset? AcknowledgeBreachedAt,
    DateTimeOffset? ResolveBreachedAt,
    string? LatestStatusUpdate,
    string? LatestStatusUpdateHtml,
    DateTimeOffset? LatestStatusUpdateAt,
    long? DuplicateOfId,
    int Version,
    IReadOnlyList<TimelineItem> Timeline,
    IReadOnlyList<RelatedIncident> Related)
{
    public string Number => Incident.Format(Id);

    /// <summary>Alerts of the group the latest Alertmanager notification left out (its <c>max_alerts</c>).</summary>
    public int TruncatedAlerts { get; init; }

    /// <summary>What resolved it, in the resolver's words (required of people at SEV1–SEV2).</summary>
    public string? ResolutionSummary { get; init; }

    /// <summary>Whether resolving it needs a one-line summary from the person doing it (the domain's rule).</summary>
    public bool NeedsResolutionSummary => Severity.IsAtOrAbove(Incident.SummaryRequiredAtOrAbove);
}

internal sealed class ShowIncident(IDbContextFactory<IncidentsDbContext> contexts, MarkdownRenderer markdown)
{
    public async Task<IncidentDetails?> HandleAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().Include(i => i.Responders).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null)
        {
            return null;
        }

        var service = await db.Services.AsNoTracking()
            .Where(s => s.Id == incident.ServiceId)
            .Select(s => new { s.Name, s.Slug, s.RunbookUrl, Team = db.Teams.Where(t => t.Id == s.TeamId).Select(t => t.Name).First() })
            .SingleAsync(cancellationToken);
        var peopleIds = incident.Responders.Select(r => r.UserId).Append(incident.CommanderId).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => peopleIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var timeline = await db.Timeline.AsNoTracking().Where(e => e.IncidentId == id)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(500)
            .ToListAsync(cancellationToken);
        var alerts = (await db.Alerts.AsNoTracking().Where(a => a.IncidentId == id)
                .GroupBy(a => a.Summary)
                .Select(g => new { Summary = g.Key, Count = g.Sum(a => a.Count), Instances = g.Count(), LastSeenAt = g.Max(a => a.LastSeenAt) })
                .ToListAsync(cancellationToken))
            .ToDictionary(a => a.Summary);
        var related = await db.IncidentLinks.AsNoTracking().Where(l => l.IncidentId == id)
            .Join(db.Incidents, l => l.RelatedIncidentId, i => i.Id, (l, i) => new { i.Id, i.Title, i.Status, i.Severity })
            .ToListAsync(cancellationToken);

        PersonRef Person(string userId) => new(userId, names.GetValueOrDefault(userId, "(removed)"));

        return new IncidentDetails(
            incident.Id,
            incident.Title,
            incident.Description,
            string.IsNullOrWhiteSpace(incident.Description) ? null : markdown.ToHtml(incident.Description),
            incident.Severity,
            incident.Impact,
            incident.Urgency,
            incident.SeverityOverrideReason,
            incident.Status,
            incident.ServiceId,
            service.Name,
            service.Slug,
            service.Team,
            service.RunbookUrl,
            incident.CommanderId is null ? null : Person(incident.CommanderId),
            incident.Responders.Select(r => Person(r.UserId)).OrderBy(p => p.Name).ToList(),
            incident.ReporterName,
            incident.CustomerReference,
            incident.Tags,
            incident.TriggeredAt,
            incident.AcknowledgedAt,
            incident.MitigatedAt,
            incident.ResolvedAt,
            incident.ClosedAt,
            incident.AcknowledgeDueAt,
            incident.ResolveDueAt,
            incident.AcknowledgeBreachedAt,
            incident.ResolveBreachedAt,
            incident.LatestStatusUpdate,
            incident.LatestStatusUpdate is null ? null : markdown.ToHtml(incident.LatestStatusUpdate),
            incident.LatestStatusUpdateAt,
            incident.DuplicateOfId,
            incident.Version,
            timeline.Select(e => new TimelineItem(e.Id, e.At, e.ActorName, e.ActorId is null, e.Kind, e.Text,
                // Every line may be Markdown (the engine's own say **Checkout**): rendered sanitized, plain ones as they are.
                markdown.ToHtmlIfMarkdown(e.Text))
            {
                AlertCount = e.Kind == TimelineKind.AlertFired && alerts.TryGetValue(e.Text, out var alert) ? alert.Count : null,
                AlertInstances = e.Kind == TimelineKind.AlertFired && alerts.TryGetValue(e.Text, out var instances) ? instances.Instances : null,
                AlertLastSeenAt = e.Kind == TimelineKind.AlertFired && alerts.TryGetValue(e.Text, out var seen) ? seen.LastSeenAt : null,
            }).ToList(),
            related.Select(r => new RelatedIncident(r.Id, r.Title, r.Status, r.Severity, r.Id == incident.DuplicateOfId)).ToList())
        {
            TruncatedAlerts = incident.TruncatedAlerts,
            ResolutionSummary = incident.ResolutionSummary,
        };
    }
}
