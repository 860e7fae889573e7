using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.OnCall.Channels;

namespace Incidents.Web.Features.Inbox;

/// <summary>
/// The Portal contact method: a page lands in the person's notification bell (a toast with Acknowledge, and a browser
/// notification where they allowed it). Works with nothing set up, so it is in everyone's default rule. Sending twice
/// (a dispatcher died after writing) writes one row: the delivery is the key.
/// </summary>
internal sealed class PortalChannel(PortalInbox inbox, TimeProvider clock) : INotificationChannel
{
    public ContactKind Kind => ContactKind.Portal;

    public DeliveryGuarantee Guarantee => DeliveryGuarantee.AtLeastOnce;

    public async Task<SendResult> SendAsync(PageNotification notification, CancellationToken cancellationToken)
    {
        var subject = $"{notification.Severity.Label()} {notification.IncidentNumber} {notification.Title}"
            + (notification.Reason is { Length: > 0 } reason ? $" — {reason}" : "");
        var item = new InboxItem(Key(notification.DeliveryId), notification.UserId, InboxKind.Page, subject,
            $"/incidents/{notification.IncidentId}", notification.IncidentId, clock.GetUtcNow());
        return await inbox.PutAsync(item, cancellationToken) ? SendResult.Ok : new SendResult.Permanent("The person no longer exists.");
    }

    public static string Key(long deliveryId) => $"delivery:{deliveryId}";
}
