using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement.Paging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.IncidentManagement.Log;

internal sealed record NewIncident(
    string Title,
    string? Description,
    long ServiceId,
    Impact Impact,
    Urgency Urgency,
    string? CustomerReference = null,
    IReadOnlyList<string>? Tags = null);

/// <summary>Opens an incident (from the portal form, the API, and later chat); at or above the paging threshold its on-call is paged.</summary>
internal sealed class LogIncident(
    IDbContextFactory<IncidentsDbContext> contexts,
    IIncidentNotifier notifier,
    IPager pager,
    IOptions<IncidentOptions> options,
    TimeProvider clock)
{
    public async Task<(Outcome Outcome, long? IncidentId)> HandleAsync(NewIncident input, Actor reporter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var service = await db.Services.SingleOrDefaultAsync(s => s.Id == input.ServiceId, cancellationToken);
        if (service is null)
        {
            return (Outcome.Invalid("Choose the affected service."), null);
        }

        var (outcome, incident) = Incident.Open(
            input.Title, input.Description, service, input.Impact, input.Urgency, options.Value.Matrix(),
            reporter, clock.GetUtcNow(), input.CustomerReference, input.Tags);
        if (incident is null)
        {
            return (outcome, null);
        }

        // The incident and (at or above the threshold) its escalation commit together: a crash cannot lose the page.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.ActingAs(reporter).Incidents.Add(incident);
            await db.SaveChangesAsync(cancellationToken);
            if (incident.Severity.IsAtOrAbove(options.Value.PageAtOrAbove))
            {
                await pager.StartInAsync(db, incident.Id, $"logged as {incident.Severity.Label()} by {reporter.Name}", reporter, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        pager.Committed();
        await notifier.PublishAsync(new IncidentChanged(incident.Id, incident.Version, reporter.Name, IncidentChangeKind.Opened));
        return (Outcome.Success, incident.Id);
    }
}
