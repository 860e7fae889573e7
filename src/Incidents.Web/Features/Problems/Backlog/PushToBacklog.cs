using System.Text;
using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Incidents.Web.Features.Problems.Countermeasures;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Problems.Backlog;

/// <summary>
/// A software fix becomes a backlog item in its team's GitHub repository or Azure DevOps project, with the problem's
/// context and a link back. The item's id, address and state are kept on the countermeasure.
/// </summary>
internal sealed class PushToBacklog(
    IDbContextFactory<IncidentsDbContext> contexts,
    IEnumerable<IBacklogClient> clients,
    ManageBacklogConnections connections,
    IOptions<PortalOptions> portal,
    IOptions<ProblemOptions> options,
    TimeProvider clock) : IDisposable
{
    // One push at a time per instance, so a double click cannot create two items.
    private readonly SemaphoreSlim gate = new(1, 1);

    public void Dispose() => gate.Dispose();

    public async Task<Outcome> HandleAsync(long countermeasureId, Actor by, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await PushAsync(countermeasureId, by, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<Outcome> PushAsync(long countermeasureId, Actor by, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var countermeasure = await db.Countermeasures.SingleOrDefaultAsync(c => c.Id == countermeasureId, cancellationToken);
        if (countermeasure is null)
        {
            return Outcome.NotFound("That countermeasure does not exist.");
        }

        if (Countermeasure.WhyNotToBacklog(countermeasure.Kind, countermeasure.State, countermeasure.BacklogItemId) is { } why)
        {
            return Outcome.Conflict(countermeasure.BacklogItemId is { } existing
                ? $"It is in the backlog already ({FollowBacklog.Name(countermeasure.BacklogSystem!.Value, existing)})."
                : why);
        }

        var connection = countermeasure.TeamId is { } teamId ? await db.BacklogConnections.AsNoTracking().SingleOrDefaultAsync(c => c.TeamId == teamId, cancellationToken) : null;
        if (connection is null)
        {
            return Outcome.Conflict("Its team has no backlog connection; an admin sets one up under Admin → Backlogs.");
        }

        var client = clients.Single(c => c.System == connection.System);
        var request = new BacklogItemRequest(countermeasure.Title, await BodyAsync(db, countermeasure, cancellationToken),
            portal.Value.Link(countermeasure.ProblemId is { } p ? $"/problems/{p}" : $"/countermeasures?item={countermeasure.Id}"), countermeasure.Priority);
        var at = clock.GetUtcNow();
        db.ActingAs(by);
        BacklogItem item;
        try
        {
            item = await client.CreateAsync(connections.Target(connection), request, cancellationToken);
        }
        catch (BacklogException ex)
        {
            countermeasure.BacklogFailed(ex.Message, at);
            await db.SaveChangesAsync(cancellationToken);
            return Outcome.Conflict(ex.Message);
        }

        var before = countermeasure.State;
        countermeasure.LinkBacklogItem(connection.System, item.Id, item.Url, item.StateLabel, at);
        if (countermeasure.ProblemId is { } problemId)
        {
            db.ProblemHistory.Add(new ProblemEvent(problemId, ProblemEventKind.BacklogItemCreated, by, at,
                $"“{countermeasure.Title}” is {FollowBacklog.Name(connection.System, item.Id)}."));
        }

        await ProblemProgress.FollowAsync(db, countermeasure, before, by, at, options.Value.WatchWindow, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }

    private static async Task<string> BodyAsync(IncidentsDbContext db, Countermeasure countermeasure, CancellationToken cancellationToken)
    {
        var body = new StringBuilder();
        body.AppendLine(countermeasure.Description ?? countermeasure.Title);
        if (countermeasure.ProblemId is not { } problemId || await db.Problems.AsNoTracking().SingleOrDefaultAsync(p => p.Id == problemId, cancellationToken) is not { } problem)
        {
            return body.ToString().TrimEnd();
        }

        body.AppendLine().AppendLine($"**Problem {problem.Number}:** {problem.Title}");
        if (problem.RootCause is { } cause)
        {
            body.AppendLine($"**Root cause:** {cause}");
        }

        var incidents = await db.ProblemIncidents.Where(l => l.ProblemId == problemId).OrderBy(l => l.IncidentId).Select(l => l.IncidentId).Take(20).ToListAsync(cancellationToken);
        if (incidents.Count > 0)
        {
            body.AppendLine($"**Incidents:** {string.Join(", ", incidents.Select(Incident.Format))}");
        }

        return body.ToString().TrimEnd();
    }
}
