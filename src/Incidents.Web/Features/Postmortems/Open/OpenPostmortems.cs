using System.Threading.Channels;
using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Domain.Postmortems;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.Notices;
using Incidents.Web.Features.Postmortems.Edit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Postmortems.Open;

/// <summary>
/// Policy at work: a resolved incident at or above its service's threshold gets a postmortem, owned by its commander
/// (else whoever resolved it), due N business days later, its timeline and summary drafted from the incident.
/// Safe to call often: at most one postmortem per incident (unique index).
/// </summary>
internal sealed partial class OpenPostmortems(
    IDbContextFactory<IncidentsDbContext> contexts,
    IIncidentNotifier notifier,
    IOptions<PostmortemOptions> options,
    TimeProvider clock,
    ILogger<OpenPostmortems> logger)
{
    public const string JobId = "postmortems-open";

    private static readonly TimelineKind[] Drafted =
    [
        TimelineKind.Opened, TimelineKind.AlertFired, TimelineKind.Paged, TimelineKind.Acknowledged, TimelineKind.Escalated, TimelineKind.CommanderAssigned,
        TimelineKind.SeverityChanged, TimelineKind.StatusUpdate, TimelineKind.Mitigated, TimelineKind.Resolved, TimelineKind.Reopened,
    ];

    public async Task<long?> ForIncidentAsync(long incidentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Postmortems.Where(p => p.IncidentId == incidentId).Select(p => (long?)p.Id).SingleOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        // Most changes the listener hears are not a qualifying resolve: decide on a small projection first.
        var facts = await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId)
            .Join(db.Services, i => i.ServiceId, s => s.Id, (i, s) => new { i.Status, i.Severity, s.PostmortemAtOrAbove, s.PostmortemOptOut })
            .SingleOrDefaultAsync(cancellationToken);
        if (facts is not { Status: IncidentStatus.Resolved or IncidentStatus.Closed }
            || !PostmortemPolicy.Requires(facts.Severity, facts.PostmortemAtOrAbove, facts.PostmortemOptOut, options.Value.RequiredAtOrAbove))
        {
            return null;
        }

        var incident = await db.Incidents.AsNoTracking().Include(i => i.Timeline).SingleAsync(i => i.Id == incidentId, cancellationToken);
        var service = await db.Services.AsNoTracking().SingleAsync(s => s.Id == incident.ServiceId, cancellationToken);

        var now = clock.GetUtcNow();
        var resolvedAt = incident.ResolvedAt ?? now;
        var due = PostmortemPolicy.DueAt(resolvedAt, options.Value.DueBusinessDays, ZoneTime.Find(options.Value.TimeZone));
        var resolver = incident.Timeline.Where(t => t.Kind == TimelineKind.Resolved && t.ActorId != null).OrderByDescending(t => t.At).Select(t => t.ActorId).FirstOrDefault();
        var owner = incident.CommanderId ?? resolver;
        var draft = incident.Timeline.Where(t => Drafted.Contains(t.Kind)).OrderBy(t => t.At).ThenBy(t => t.Id)
            .Select(t => new PostmortemTimelineItem(t.At, SourceEntry.Of(t).Line, t.Id)).ToList();
        var lasted = resolvedAt - incident.TriggeredAt;
        var summary = $"{incident.Severity.Label()} on {service.Name}: {incident.Title}. Triggered {incident.TriggeredAt:yyyy-MM-dd HH:mm} UTC, "
            + $"resolved after {(lasted.TotalHours >= 1 ? $"{(int)lasted.TotalHours} h {lasted.Minutes} min" : $"{Math.Max(1, (int)lasted.TotalMinutes)} min")}."
            + (incident.ResolutionSummary is { } fix ? $" What resolved it: {fix}" : "");
        var postmortem = Postmortem.Open(incidentId, owner, due, draft, summary, now);
        db.Postmortems.Add(postmortem);
        var ownerName = owner is null ? null : await db.Users.Where(u => u.Id == owner).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        db.Timeline.Add(TimelineEntry.For(incidentId, TimelineKind.PostmortemOpened, Actor.System, now,
            $"Postmortem required ({incident.Severity.Label()}): {(ownerName is null ? "no owner yet" : $"owned by {ownerName}")}, due {due:ddd d MMM HH:mm} UTC."));
        db.ActingAs(Actor.System);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Opened meanwhile by another caller (the listener and the job may race): that one stands.
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            return await again.Postmortems.Where(p => p.IncidentId == incidentId).Select(p => (long?)p.Id).SingleOrDefaultAsync(cancellationToken);
        }

        if (owner is not null)
        {
            db.Notices.Add(new Notice($"pm-owner:{postmortem.Id}:{owner}", owner, $"Postmortem for {incident.Number} is yours, due {due:ddd d MMM}",
                $"{incident.Number} {incident.Title} ({incident.Severity.Label()}) needs a postmortem. It is drafted from the incident's timeline; "
                + $"write it up and schedule the review by {due:dddd d MMMM HH:mm} UTC.", $"/postmortems/{postmortem.Id}", now));
            await db.SaveChangesAsync(cancellationToken);
        }

        LogOpened(logger, postmortem.Id, incidentId);
        await notifier.PublishAsync(new IncidentChanged(incidentId, 0, Actor.System.Name, IncidentChangeKind.Postmortem));
        return postmortem.Id;
    }

    /// <summary>The catch-up run (every minute): incidents resolved in the last two weeks that should have one.</summary>
    public async Task<int> ScanAsync(CancellationToken cancellationToken = default)
    {
        var since = clock.GetUtcNow() - TimeSpan.FromDays(14);
        var threshold = options.Value.RequiredAtOrAbove;
        List<long> candidates;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            candidates = await db.Incidents.AsNoTracking()
                .Where(i => (i.Status == IncidentStatus.Resolved || i.Status == IncidentStatus.Closed) && i.ResolvedAt >= since)
                .Where(i => !db.Postmortems.Any(p => p.IncidentId == i.Id))
                .Where(i => db.Services.Any(s => s.Id == i.ServiceId && !s.PostmortemOptOut && i.Severity <= (s.PostmortemAtOrAbove ?? threshold)))
                .OrderBy(i => i.ResolvedAt).Select(i => i.Id).Take(200).ToListAsync(cancellationToken);
        }

        var opened = 0;
        foreach (var id in candidates)
        {
            opened += await ForIncidentAsync(id, cancellationToken) is null ? 0 : 1;
        }

        return opened;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened postmortem {PostmortemId} for incident {IncidentId}")]
    private static partial void LogOpened(ILogger logger, long postmortemId, long incidentId);
}

/// <summary>Opens postmortems as incidents are resolved (the catch-up job covers what this instance did not hear).</summary>
internal sealed partial class PostmortemTrigger(IIncidentNotifier notifier, OpenPostmortems open, IConfiguration configuration, ILogger<PostmortemTrigger> logger) : BackgroundService
{
    private readonly Channel<long> changed = Channel.CreateUnbounded<long>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Postmortems:RunInBackground", true))
        {
            return;
        }

        using var subscription = notifier.Subscribe(change =>
        {
            if (change.Kind is IncidentChangeKind.Opened or IncidentChangeKind.Acted or IncidentChangeKind.Monitoring)
            {
                changed.Writer.TryWrite(change.IncidentId);
            }

            return Task.CompletedTask;
        });
        while (await changed.Reader.WaitToReadAsync(stoppingToken))
        {
            while (changed.Reader.TryRead(out var incidentId))
            {
                try
                {
                    await open.ForIncidentAsync(incidentId, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex, incidentId);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Opening a postmortem for incident {IncidentId} failed; the catch-up job retries")]
    private static partial void LogFailed(ILogger logger, Exception exception, long incidentId);
}
