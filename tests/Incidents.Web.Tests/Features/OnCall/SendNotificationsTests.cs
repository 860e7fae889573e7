using Incidents.Domain;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.OnCall.Channels;
using Incidents.Web.Features.OnCall.Contacts;
using Incidents.Web.Features.OnCall.Paging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.OnCall;

/// <summary>Delivering a page: retries, fallback to the next contact method, and a crash mid-send (<see cref="Web.Features.OnCall.Paging.SendNotifications"/>).</summary>
public sealed class SendNotificationsTests : PagingUseCaseTests
{
    [Fact]
    public async Task TransientSmtpFailure_RetriedWithBackoff_ThenDelivered()
    {
        smtp.FailNext("421 4.3.2 Service not available", times: 2);
        var id = await OpenSev1Async();

        await TickAsync();
        Assert.Empty(smtp.Received);
        app.Clock.Advance(TimeSpan.FromSeconds(14));
        await TickAsync();
        Assert.Empty(smtp.Received); // the first backoff is 15 s
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await TickAsync();
        Assert.Empty(smtp.Received);
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        await TickAsync();

        Assert.Single(smtp.Received);
        var timeline = await TimelineAsync(id);
        Assert.Equal(2, timeline.Count(t => t.Text.Contains("failed (SMTP 421", StringComparison.Ordinal)));
        Assert.Contains(timeline, t => t.Text == "Notified ana by email (ana@example.com) on attempt 3.");
    }

    [Fact]
    public async Task PermanentFailure_FallsBackToTheNextContactMethod_SignedWebhook()
    {
        var (_, hook) = await Get<ManageContacts>().AddMethodAsync(ana, ContactKind.Webhook, webhook.Url("sms/ana"), "SMS", new Actor(ana, "ana"));
        smtp.FailNext("550 5.1.1 Mailbox unavailable");
        var id = await OpenSev1Async();

        await TickAsync(); // email fails for good, the webhook is due at once
        await TickAsync();

        var request = Assert.Single(webhook.Received);
        Assert.Equal("/sms/ana", request.Path);
        var timestamp = request.Headers[WebhookChannel.TimestampHeader];
        Assert.Equal("v1=" + WebhookChannel.Sign(Secret, timestamp, request.Body), request.Headers[WebhookChannel.SignatureHeader]);
        Assert.Contains($"\"number\":\"INC-{id}\"", request.Body, StringComparison.Ordinal);
        Assert.Contains(await TimelineAsync(id), t => t.Text.Contains("SMTP 550", StringComparison.Ordinal) && t.Text.Contains("trying webhook", StringComparison.Ordinal));
        Assert.NotNull(hook);
    }

    [Fact]
    public async Task CrashMidSend_EmailIsResentWithTheSameMessageId()
    {
        await OpenSev1Async();
        await Get<RunEscalationSteps>().HandleAsync();
        await ClaimAsSendingAsync(); // a dispatcher claimed it, then the process died

        await Get<SendNotifications>().HandleAsync();
        Assert.Empty(smtp.Received); // its lease still holds
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        await Get<SendNotifications>().HandleAsync();

        Assert.Equal("<page-2@incidents>", Assert.Single(smtp.Received).Header("Message-Id")); // delivery 1 is the portal's
    }

    [Fact]
    public async Task CrashMidSend_WebhookIsNotResent_NextContactMethodInstead()
    {
        var (_, hook) = await Get<ManageContacts>().AddMethodAsync(ana, ContactKind.Webhook, webhook.Url("voice"), "Voice", new Actor(ana, "ana"));
        await Get<ManageContacts>().AddRuleAsync(ana, hook!.Value, 0, new Actor(ana, "ana"));
        var id = await OpenSev1Async();
        await Get<RunEscalationSteps>().HandleAsync();
        await ClaimAsSendingAsync();

        app.Clock.Advance(TimeSpan.FromMinutes(3));
        await Get<SendNotifications>().HandleAsync();
        await Get<SendNotifications>().HandleAsync();

        Assert.Empty(webhook.Received);
        Assert.Equal(["ana@example.com"], MailedTo()); // her account email, the fallback
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(DeliveryStatus.Uncertain, (await db.Deliveries.SingleAsync(d => d.Channel == ContactKind.Webhook)).Status);
        Assert.Contains(await TimelineAsync(id), t => t.Text.Contains("was interrupted", StringComparison.Ordinal));
    }
}
