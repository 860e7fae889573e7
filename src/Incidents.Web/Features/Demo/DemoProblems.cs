using Incidents.Domain;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Incidents.Web.Features.Problems.Analyze;
using Incidents.Web.Features.Problems.Backlog;
using Incidents.Web.Features.Problems.Countermeasures;
using Incidents.Web.Features.Problems.Link;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Demo;

/// <summary>
/// Problem management for the demo people: a few problems in different states with their analysis, countermeasures
/// on the board, a known error, a recurring fingerprint the dashboard flags, and (given a GitHub API address) each
/// team's backlog connected to it. Written through the portal's own handlers, so it is what a user would have made.
/// </summary>
internal sealed class DemoProblems(
    IDbContextFactory<IncidentsDbContext> contexts,
    LinkProblem link,
    AnalyzeProblem analyze,
    ManageCountermeasures countermeasures,
    ManageBacklogConnections backlogs,
    Postmortems.Open.OpenPostmortems postmortems,
    TimeProvider clock)
{
    public async Task SeedAsync(string? gitHubApi, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Problems.AnyAsync(cancellationToken))
        {
            return;
        }

        var people = await db.Users.AsNoTracking().Where(u => u.Email!.EndsWith("@demo.test")).ToDictionaryAsync(u => u.Email!, u => new Actor(u.Id, u.DisplayName), cancellationToken);
        var dana = people.GetValueOrDefault("developer@demo.test") ?? Actor.System;
        var riley = people.GetValueOrDefault("responder@demo.test") ?? Actor.System;
        var services = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Slug, s => s.Id, cancellationToken);
        var teams = await db.Teams.AsNoTracking().ToListAsync(cancellationToken);
        if (gitHubApi is not null)
        {
            foreach (var team in teams)
            {
                await backlogs.SaveAsync(team.Id, new BacklogConnectionInput(BacklogSystem.GitHub, gitHubApi, $"demo/{team.Name.ToLowerInvariant()}", null,
                    "incident-countermeasure", "demo-token-not-a-real-secret"), Actor.System, cancellationToken);
            }
        }

        // Connection pool exhaustion: analysed, fix in progress, three countermeasures across the board.
        var pool = await ProblemAsync("Connection pool exhausted under checkout retries", services["checkout-api"], $"{services["checkout-api"]}|DbPoolExhausted", riley, cancellationToken);
        await AnalyseAsync(pool, new AnalysisInput(
            ["Checkout requests time out", "The database connection pool is exhausted", "Retries open new connections without releasing the old ones",
             "The retry policy was added without a connection-scope review", "No test covers retries under pool pressure"],
            ["Pool size alert fires only at 100 %", "Retry storm from the mobile client"], RootCauseCategory.Software,
            "The retry handler leaks a pooled connection on each retry.", "Recycle the checkout pods (kubectl rollout restart deploy/checkout-api)."), riley, cancellationToken);
        await CountermeasureAsync(pool, "Release the connection before retrying", CountermeasureKind.SoftwareFix, dana, 1, 5, CountermeasureState.InProgress, cancellationToken);
        await CountermeasureAsync(pool, "Alert on pool saturation above 80 %", CountermeasureKind.MonitoringDetection, riley, 2, 3, CountermeasureState.Done, cancellationToken);
        await CountermeasureAsync(pool, "Load test retries against a small pool in CI", CountermeasureKind.SoftwareFix, dana, 3, 14, CountermeasureState.Proposed, cancellationToken);

        // Disk full on the indexer: a known error, since it has a workaround.
        var disk = await ProblemAsync("Indexer disk fills with uncompressed segment logs", services["indexer"], $"{services["indexer"]}|DiskFull", riley, cancellationToken);
        await AnalyseAsync(disk, new AnalysisInput(["The indexer stops", "Its disk is full", "Segment logs are never rotated"], ["Logs on the data volume"],
            RootCauseCategory.Configuration, null, "Delete /var/lib/indexer/segments/*.log older than a day, then restart the indexer."), riley, cancellationToken);
        await CountermeasureAsync(disk, "Ship logrotate config in the indexer image", CountermeasureKind.ConfigurationHardware, riley, 2, -2, CountermeasureState.Accepted, cancellationToken);
        await CountermeasureAsync(disk, "Runbook: freeing indexer disk", CountermeasureKind.ProcessTraining, riley, 3, 7, CountermeasureState.InProgress, cancellationToken);

        // Token refresh: fixed, now in its watch window.
        var token = await ProblemAsync("Push token refresh fails after certificate rotation", services["push-notifications"], null, dana, cancellationToken);
        await AnalyseAsync(token, new AnalysisInput(["Pushes fail", "The APNs token is rejected", "The new certificate was not loaded"], [],
            RootCauseCategory.Process, "Certificate rotation did not restart the push workers.", null), dana, cancellationToken);
        await CountermeasureAsync(token, "Reload certificates without a restart", CountermeasureKind.SoftwareFix, dana, 2, null, CountermeasureState.Done, cancellationToken);

        // Something new, not analysed yet.
        await ProblemAsync("Search results stale after reindex", services["search-api"], null, dana, cancellationToken);

        // Postmortems for the latest serious incidents that were resolved (policy would have opened them).
        var resolved = db.Incidents.Where(i => i.Severity <= Incidents.Domain.Incidents.Severity.Sev2
            && (i.Status == Incidents.Domain.Incidents.IncidentStatus.Resolved || i.Status == Incidents.Domain.Incidents.IncidentStatus.Closed));
        var weekAgo = clock.GetUtcNow().AddDays(-8);
        // The latest one (on time), and three older ones now overdue.
        var serious = await resolved.OrderByDescending(i => i.ResolvedAt).Select(i => i.Id).Take(1)
            .Concat(resolved.Where(i => i.ResolvedAt < weekAgo).OrderByDescending(i => i.ResolvedAt).Select(i => i.Id).Take(3))
            .ToListAsync(cancellationToken);
        foreach (var incidentId in serious)
        {
            if (await postmortems.ForIncidentAsync(incidentId, cancellationToken) is { } postmortemId)
            {
                await db.Postmortems.Where(p => p.Id == postmortemId && p.OwnerId == null).ExecuteUpdateAsync(s => s.SetProperty(p => p.OwnerId, riley.Id), cancellationToken);
            }
        }

        // Three recent incidents of one fingerprint: the dashboard flags them as a possible problem.
        var recurring = $"{services["message-bus"]}|QueueBacklog";
        var recent = await db.Incidents.Where(i => i.ServiceId == services["message-bus"] && i.Fingerprint == null)
            .OrderByDescending(i => i.TriggeredAt).Take(3).Select(i => i.Id).ToListAsync(cancellationToken);
        if (recent.Count == 3)
        {
            await db.Incidents.Where(i => recent.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.Fingerprint, recurring), cancellationToken);
        }
    }

    private async Task<long> ProblemAsync(string title, long serviceId, string? fingerprint, Actor by, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incidents = await db.Incidents.Where(i => i.ServiceId == serviceId).OrderByDescending(i => i.TriggeredAt).Take(2).Select(i => i.Id).ToListAsync(cancellationToken);
        var (outcome, id) = await link.CreateAsync(title, serviceId, fingerprint, incidents, by, cancellationToken);
        return outcome.Succeeded ? id!.Value : throw new InvalidOperationException(outcome.Error);
    }

    private async Task AnalyseAsync(long problemId, AnalysisInput input, Actor by, CancellationToken cancellationToken)
    {
        var outcome = await analyze.RecordAsync(problemId, input, await VersionAsync(problemId, cancellationToken), by, cancellationToken);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(outcome.Error);
        }

        await ApplyAsync(problemId, ProblemAction.Investigate, by, cancellationToken);
    }

    private async Task ApplyAsync(long problemId, ProblemAction action, Actor by, CancellationToken cancellationToken) =>
        await analyze.ApplyAsync(problemId, action, null, await VersionAsync(problemId, cancellationToken), by, cancellationToken);

    private async Task<int> VersionAsync(long problemId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Problems.Where(p => p.Id == problemId).Select(p => p.Version).SingleAsync(cancellationToken);
    }

    private async Task CountermeasureAsync(long problemId, string title, CountermeasureKind kind, Actor owner, int priority, int? dueInDays, CountermeasureState state, CancellationToken cancellationToken)
    {
        DateOnly? due = dueInDays is { } days ? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(days)) : null;
        var (outcome, id) = await countermeasures.AddAsync(new CountermeasureInput(title, null, kind, owner.Id, due, priority, null, problemId), owner, cancellationToken);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(outcome.Error);
        }

        CountermeasureState[] path = state switch
        {
            CountermeasureState.Proposed => [],
            CountermeasureState.Accepted => [CountermeasureState.Accepted],
            CountermeasureState.InProgress => [CountermeasureState.Accepted, CountermeasureState.InProgress],
            CountermeasureState.Done => [CountermeasureState.Accepted, CountermeasureState.InProgress, CountermeasureState.Done],
            CountermeasureState.Verified or CountermeasureState.Rejected => [state],
        };
        foreach (var step in path)
        {
            await countermeasures.MoveAsync(id!.Value, step, owner, cancellationToken);
        }
    }
}
