using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;

namespace Incidents.Web.Features.OnCall.Channels;

/// <summary>What a notification says: enough to act on without opening the portal, and a link to it.</summary>
internal sealed record PageNotification(
    long DeliveryId,
    long IncidentId,
    string IncidentNumber,
    string Title,
    Severity Severity,
    IncidentStatus Status,
    string ServiceName,
    string PersonName,
    string Address,
    string? Reason,
    Uri IncidentUrl,
    int Attempt)
{
    /// <summary>Who is paged (the portal channel's inbox is theirs).</summary>
    public string UserId { get; init; } = "";
}

/// <summary>How a send went: delivered, worth retrying (maybe after a delay the far end asked for), or not.</summary>
internal abstract record SendResult
{
    public sealed record Delivered : SendResult;

    public sealed record Transient(string Error, TimeSpan? RetryAfter = null) : SendResult;

    public sealed record Permanent(string Error) : SendResult;

    public static SendResult Ok { get; } = new Delivered();
}

/// <summary>
/// One way to reach a person. Email and webhooks live here; Slack and Teams implement the same interface in the
/// chat feature. The dispatcher owns retries, fallbacks and the timeline; a channel only sends once.
/// </summary>
internal interface INotificationChannel
{
    ContactKind Kind { get; }

    DeliveryGuarantee Guarantee { get; }

    Task<SendResult> SendAsync(PageNotification notification, CancellationToken cancellationToken);
}
