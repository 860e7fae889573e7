using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.OnCall.Channels;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.OnCall.Paging;

/// <summary>
/// The dispatcher's second job: send due notifications through their channels. A delivery is claimed by a
/// conditional update that also marks it Sending, then sent outside any transaction, then recorded (if the claim
/// still holds). Transient failures retry with backoff; lasting ones fall back to the person's next contact method.
/// A delivery found still Sending after its lease (its sender died) is resent on at-least-once channels and
/// marked Uncertain, with a fallback, on at-most-once ones.
/// </summary>
internal sealed partial class SendNotifications(
    IDbContextFactory<IncidentsDbContext> contexts,
    IEnumerable<INotificationChannel> channels,
    IIncidentNotifier notifier,
    PagingSignal signal,
    IOptions<PagingOptions> options,
    IOptions<PortalOptions> portal,
    TimeProvider clock,
    ILogger<SendNotifications> logger)
{
    private static readonly Actor Engine = new(null, "Notifications");

    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        List<(long Id, DeliveryStatus Status)> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = (await db.Deliveries.AsNoTracking()
                    .Where(d => (d.Status == DeliveryStatus.Pending && d.DueAt <= now) || (d.Status == DeliveryStatus.Sending && d.ClaimedUntil < now))
                    .OrderBy(d => d.DueAt).Select(d => new { d.Id, d.Status }).Take(200).ToListAsync(cancellationToken))
                .Select(d => (d.Id, d.Status)).ToList();
        }

        var sent = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (item, token) =>
        {
            if (await SendAsync(item.Id, item.Status, now, token))
            {
                Interlocked.Increment(ref sent);
            }
        });
        return sent;
    }

    private async Task<bool> SendAsync(long deliveryId, DeliveryStatus seen, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claim = Guid.NewGuid().ToString("N");
        var lease = now.AddSeconds(options.Value.DeliveryLeaseSeconds);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var claimed = seen == DeliveryStatus.Pending
            ? await db.Deliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Pending && d.DueAt <= now)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.ClaimedBy, claim)
                    .SetProperty(d => d.ClaimedUntil, lease).SetProperty(d => d.Attempt, d => d.Attempt + 1), cancellationToken)
            : await db.Deliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Sending && d.ClaimedUntil < now)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.ClaimedBy, claim).SetProperty(d => d.ClaimedUntil, lease), cancellationToken);
        if (claimed != 1)
        {
            return false;
        }

        db.ActingAs(Engine);
        var delivery = await db.Deliveries.SingleAsync(d => d.Id == deliveryId, cancellationToken);
        var page = await db.Pages.Include(p => p.Deliveries).SingleAsync(p => p.Id == delivery.PageId, cancellationToken);
        var incident = await db.Incidents.AsNoTracking().Where(i => i.Id == delivery.IncidentId)
            .Select(i => new { i.Id, i.Title, i.Severity, i.Status, i.ServiceId }).SingleAsync(cancellationToken);
        var channel = channels.FirstOrDefault(c => c.Kind == delivery.Channel);
        var who = delivery.Channel == ContactKind.Portal ? $"{page.UserName} in the portal" : $"{page.UserName} by {Describe(delivery.Channel)} ({delivery.Address})";

        // Policy pages matter only while nobody has acknowledged; a page by hand, while the incident is open.
        var wanted = page.RunId is null ? incident.Status.IsOpen() : incident.Status.AwaitsAcknowledgement();
        if (!wanted)
        {
            delivery.Skip();
        }
        else if (seen == DeliveryStatus.Sending && (channel?.Guarantee ?? DeliveryGuarantee.AtLeastOnce) == DeliveryGuarantee.AtMostOnce)
        {
            delivery.Uncertain();
            await FallBackAsync(db, page, $"Sending to {who} was interrupted; it is not repeated on this channel", now, cancellationToken);
        }
        else if (channel is null)
        {
            delivery.FailedForGood($"{Describe(delivery.Channel)} is not connected.");
            await FallBackAsync(db, page, $"Could not notify {who}: {delivery.LastError}", now, cancellationToken);
        }
        else
        {
            var service = await db.Services.AsNoTracking().Where(s => s.Id == incident.ServiceId).Select(s => s.Name).SingleAsync(cancellationToken);
            var notification = new PageNotification(delivery.Id, incident.Id, Incident.Format(incident.Id), incident.Title, incident.Severity, incident.Status,
                service, page.UserName, delivery.Address, page.PagedBy, portal.Value.Link($"incidents/{incident.Id}"), delivery.Attempt)
            {
                UserId = delivery.UserId,
            };
            SendResult result;
            try
            {
                result = await channel.SendAsync(notification, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogChannelFailed(logger, ex, delivery.Channel, delivery.Id);
                result = new SendResult.Transient(ex.Message);
            }

            var at = clock.GetUtcNow();
            switch (result)
            {
                case SendResult.Delivered:
                    delivery.Sent(at);
                    db.Timeline.Add(TimelineEntry.For(incident.Id, TimelineKind.Notified, Engine, at,
                        $"Notified {who}{(delivery.Attempt > 1 ? $" on attempt {delivery.Attempt}" : "")}."));
                    break;
                case SendResult.Transient transient when delivery.FailedTransiently(transient.Error, at, transient.RetryAfter):
                    db.Timeline.Add(TimelineEntry.For(incident.Id, TimelineKind.Notified, Engine, at,
                        $"Notifying {who} failed ({transient.Error}); retrying in {(delivery.DueAt - at).TotalSeconds:0} s."));
                    break;
                case SendResult.Transient transient:
                    await FallBackAsync(db, page, $"Notifying {who} failed {delivery.Attempt} times ({transient.Error})", at, cancellationToken);
                    break;
                case SendResult.Permanent permanent:
                    delivery.FailedForGood(permanent.Error);
                    await FallBackAsync(db, page, $"Could not notify {who}: {permanent.Error}", at, cancellationToken);
                    break;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            // The lease ran out while sending and another dispatcher took the delivery over; its record stands.
            LogLostClaim(logger, ex, deliveryId);
            return false;
        }

        signal.Wake();
        await notifier.PublishAsync(new IncidentChanged(incident.Id, 0, Engine.Name, IncidentChangeKind.Paging));
        return delivery.Status == DeliveryStatus.Sent;
    }

    /// <summary>The person's next untried contact method gets the notification now; the timeline says so.</summary>
    private static async Task FallBackAsync(IncidentsDbContext db, Page page, string what, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var rules = await db.NotificationRules.AsNoTracking().Where(r => r.UserId == page.UserId).ToListAsync(cancellationToken);
        var methods = await db.ContactMethods.AsNoTracking().Where(m => m.UserId == page.UserId).ToListAsync(cancellationToken);
        var email = await db.Users.AsNoTracking().Where(u => u.Id == page.UserId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        var tried = page.Deliveries.Select(d => (d.Channel, d.Address)).ToList();
        var next = NotificationPlan.Fallback(rules, methods, email, tried);
        what = what.TrimEnd('.');
        if (next is null)
        {
            db.Timeline.Add(TimelineEntry.For(page.IncidentId, TimelineKind.Notified, Engine, at, $"{what}; {page.UserName} has no other contact method left."));
            return;
        }

        page.Deliveries.Add(new Delivery(page.IncidentId, page.UserId, next with { Delay = TimeSpan.Zero }, at));
        db.Timeline.Add(TimelineEntry.For(page.IncidentId, TimelineKind.Notified, Engine, at,
            $"{what}; trying {(next.Kind == ContactKind.Portal ? "the portal" : $"{Describe(next.Kind)} ({next.Address})")} instead."));
    }

    public static string Describe(ContactKind kind) => kind switch
    {
        ContactKind.Email => "email",
        ContactKind.Slack => "Slack",
        ContactKind.Teams => "Teams",
        ContactKind.Webhook => "webhook",
        ContactKind.Portal => "the portal",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Channel} channel threw while sending delivery {DeliveryId}")]
    private static partial void LogChannelFailed(ILogger logger, Exception exception, ContactKind channel, long deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} was taken over by another dispatcher while sending")]
    private static partial void LogLostClaim(ILogger logger, Exception exception, long deliveryId);
}
