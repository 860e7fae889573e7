namespace Incidents.Web.Features.IncidentManagement.Paging;

/// <summary>
/// The paging entry point: an incident needs people. Alert ingestion calls it for every incident it opens.
/// The on-call feature implements it (escalation policies, notification rules, delivery outbox).
/// </summary>
public interface IPager
{
    Task IncidentNeedsPagingAsync(long incidentId, string reason, CancellationToken cancellationToken = default);
}

/// <summary>Until on-call paging is configured: say so in the log, so nobody assumes a page went out.</summary>
internal sealed partial class UnconfiguredPager(ILogger<UnconfiguredPager> logger) : IPager
{
    public Task IncidentNeedsPagingAsync(long incidentId, string reason, CancellationToken cancellationToken = default)
    {
        LogNotPaged(logger, incidentId, reason);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "INC-{IncidentId} needs paging ({Reason}) but on-call paging is not configured")]
    private static partial void LogNotPaged(ILogger logger, long incidentId, string reason);
}
