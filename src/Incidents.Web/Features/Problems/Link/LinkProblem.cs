using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Problems.Link;

/// <summary>
/// Problems and their incidents: create a problem from an incident (or from a recurring fingerprint), link and unlink
/// incidents. Both sides record it: the incident's timeline and the problem's history.
/// </summary>
internal sealed class LinkProblem(IDbContextFactory<IncidentsDbContext> contexts, IIncidentNotifier notifier, TimeProvider clock)
{
    /// <summary>The title "Create problem" offers for an incident, to edit: its title without the customer's name.</summary>
    public async Task<string?> SuggestTitleAsync(long incidentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId)
            .Select(i => new { i.Title, i.CustomerReference }).SingleOrDefaultAsync(cancellationToken);
        return incident is null ? null : Problem.SuggestTitle(incident.Title, incident.CustomerReference);
    }

    /// <summary>"Create problem" on an incident: the problem takes the incident's service and fingerprint.</summary>
    public async Task<(Outcome Outcome, long? ProblemId)> CreateFromIncidentAsync(long incidentId, string? title, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId)
            .Select(i => new { i.Id, i.Title, i.CustomerReference, i.ServiceId, i.Fingerprint }).SingleOrDefaultAsync(cancellationToken);
        if (incident is null)
        {
            return (Outcome.NotFound($"{Incident.Format(incidentId)} does not exist."), null);
        }

        if (await LinkedProblemAsync(db, incidentId, cancellationToken) is { } existing)
        {
            return (Outcome.Conflict($"{Incident.Format(incidentId)} is already linked to {Problem.Format(existing)}."), null);
        }

        return await CreateAsync(db, string.IsNullOrWhiteSpace(title) ? Problem.SuggestTitle(incident.Title, incident.CustomerReference) : title, incident.ServiceId, incident.Fingerprint, [incidentId], by, cancellationToken);
    }

    /// <summary>A problem for a service, optionally with the incidents that suggested it (a candidate's fingerprint).</summary>
    public async Task<(Outcome Outcome, long? ProblemId)> CreateAsync(string title, long serviceId, string? fingerprint, IReadOnlyList<long> incidentIds, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Services.AnyAsync(s => s.Id == serviceId, cancellationToken))
        {
            return (Outcome.Invalid("Choose the service the problem is on."), null);
        }

        return await CreateAsync(db, title, serviceId, fingerprint, incidentIds, by, cancellationToken);
    }

    public async Task<Outcome> LinkAsync(long problemId, long incidentId, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var problem = await db.Problems.SingleOrDefaultAsync(p => p.Id == problemId, cancellationToken);
        if (problem is null)
        {
            return Outcome.NotFound($"{Problem.Format(problemId)} does not exist.");
        }

        var incident = await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId)
            .Select(i => new { i.Id, i.Title, i.Fingerprint }).SingleOrDefaultAsync(cancellationToken);
        if (incident is null)
        {
            return Outcome.NotFound($"{Incident.Format(incidentId)} does not exist.");
        }

        if (await LinkedProblemAsync(db, incidentId, cancellationToken) is { } existing)
        {
            return Outcome.Conflict(existing == problemId
                ? $"{Incident.Format(incidentId)} is already linked to {problem.Number}."
                : $"{Incident.Format(incidentId)} is linked to {Problem.Format(existing)}; unlink it there first.");
        }

        var at = clock.GetUtcNow();
        problem.AdoptFingerprint(incident.Fingerprint);
        Attach(db, problem, incidentId, incident.Title, by, at);
        db.ActingAs(by);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PublishAsync(new IncidentChanged(incidentId, 0, by.Name, IncidentChangeKind.Problem));
        return Outcome.Success;
    }

    public async Task<Outcome> UnlinkAsync(long problemId, long incidentId, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var link = await db.ProblemIncidents.SingleOrDefaultAsync(l => l.ProblemId == problemId && l.IncidentId == incidentId, cancellationToken);
        if (link is null)
        {
            return Outcome.NotFound($"{Incident.Format(incidentId)} is not linked to {Problem.Format(problemId)}.");
        }

        var at = clock.GetUtcNow();
        db.ProblemIncidents.Remove(link);
        db.ProblemHistory.Add(new ProblemEvent(problemId, ProblemEventKind.IncidentUnlinked, by, at, $"{Incident.Format(incidentId)} unlinked."));
        db.Timeline.Add(TimelineEntry.For(incidentId, TimelineKind.ProblemUnlinked, by, at, $"No longer linked to {Problem.Format(problemId)}."));
        db.ActingAs(by);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PublishAsync(new IncidentChanged(incidentId, 0, by.Name, IncidentChangeKind.Problem));
        return Outcome.Success;
    }

    /// <summary>The link and both lines of history; the caller saves.</summary>
    internal static void Attach(IncidentsDbContext db, Problem problem, long incidentId, string incidentTitle, Actor by, DateTimeOffset at, string? why = null)
    {
        db.ProblemIncidents.Add(new ProblemIncident(problem.Id, incidentId, by, at));
        db.ProblemHistory.Add(new ProblemEvent(problem.Id, ProblemEventKind.IncidentLinked, by, at, $"{Incident.Format(incidentId)} {incidentTitle} linked{why}."));
        db.Timeline.Add(TimelineEntry.For(incidentId, TimelineKind.ProblemLinked, by, at, $"Linked to {problem.Number}: {problem.Title}{why}."));
    }

    private static Task<long?> LinkedProblemAsync(IncidentsDbContext db, long incidentId, CancellationToken cancellationToken) =>
        db.ProblemIncidents.Where(l => l.IncidentId == incidentId).Select(l => (long?)l.ProblemId).SingleOrDefaultAsync(cancellationToken);

    private async Task<(Outcome Outcome, long? ProblemId)> CreateAsync(
        IncidentsDbContext db, string title, long serviceId, string? fingerprint, IReadOnlyList<long> incidentIds, Actor by, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var (outcome, problem) = Problem.Open(title, serviceId, fingerprint, at);
        if (!outcome.Succeeded)
        {
            return (outcome, null);
        }

        var incidents = await db.Incidents.AsNoTracking().Where(i => incidentIds.Contains(i.Id))
            .Where(i => !db.ProblemIncidents.Any(l => l.IncidentId == i.Id))
            .Select(i => new { i.Id, i.Title }).ToListAsync(cancellationToken);
        problem!.AssignOwner(by.Id);
        db.ActingAs(by);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Problems.Add(problem);
        await db.SaveChangesAsync(cancellationToken);
        db.ProblemHistory.Add(new ProblemEvent(problem.Id, ProblemEventKind.Opened, by, at, $"Opened: {problem.Title}."));
        foreach (var incident in incidents)
        {
            Attach(db, problem, incident.Id, incident.Title, by, at);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var incident in incidents)
        {
            await notifier.PublishAsync(new IncidentChanged(incident.Id, 0, by.Name, IncidentChangeKind.Problem));
        }

        return (Outcome.Success, problem.Id);
    }
}
