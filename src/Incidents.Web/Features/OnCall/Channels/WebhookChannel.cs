using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Incidents.Domain.OnCall;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.OnCall.Channels;

internal sealed class WebhookOptions
{
    public const string Section = "Paging:Webhook";

    /// <summary>Shared secret for the <c>X-Incidents-Signature</c> header; receivers verify it. Required for webhooks.</summary>
    public string? SigningSecret { get; set; }

    public int TimeoutSeconds { get; set; } = 10;
}

/// <summary>
/// Pages through an outgoing webhook (for SMS and voice providers): a JSON body signed with HMAC-SHA256 over
/// "{timestamp}.{body}" in <c>X-Incidents-Signature: v1=&lt;hex&gt;</c>. At most once: a crash mid-send is not resent
/// (a second phone call is worse than trying the person's next contact method), and every request carries
/// <c>X-Incidents-Delivery</c> so a receiver can drop copies anyway.
/// </summary>
internal sealed class WebhookChannel(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider clock) : INotificationChannel
{
    public const string ClientName = "Paging webhook";

    public const string SignatureHeader = "X-Incidents-Signature";
    public const string TimestampHeader = "X-Incidents-Timestamp";
    public const string DeliveryHeader = "X-Incidents-Delivery";

    public ContactKind Kind => ContactKind.Webhook;

    public DeliveryGuarantee Guarantee => DeliveryGuarantee.AtMostOnce;

    public async Task<SendResult> SendAsync(PageNotification notification, CancellationToken cancellationToken)
    {
        var secret = options.Value.SigningSecret;
        if (string.IsNullOrWhiteSpace(secret))
        {
            return new SendResult.Permanent("Webhooks are not configured (Paging:Webhook:SigningSecret).");
        }

        var body = JsonSerializer.Serialize(new
        {
            type = "page",
            delivery_id = notification.DeliveryId,
            attempt = notification.Attempt,
            incident = new
            {
                id = notification.IncidentId,
                number = notification.IncidentNumber,
                title = notification.Title,
                severity = notification.Severity.ToString().ToUpperInvariant(),
                status = notification.Status.ToString(),
                service = notification.ServiceName,
                url = notification.IncidentUrl,
            },
            person = notification.PersonName,
            reason = notification.Reason,
            text = $"{notification.Severity.ToString().ToUpperInvariant()} {notification.IncidentNumber} on {notification.ServiceName}: {notification.Title}",
        });
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, notification.Address)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, "v1=" + Sign(secret, timestamp, body));
        request.Headers.Add(DeliveryHeader, notification.DeliveryId.ToString(CultureInfo.InvariantCulture));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        try
        {
            using var http = clients.CreateClient(ClientName);
            using var response = await http.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return SendResult.Ok;
            }

            var error = $"HTTP {status} {response.ReasonPhrase}";
            return response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || status >= 500
                ? new SendResult.Transient(error, response.Headers.RetryAfter?.Delta)
                : new SendResult.Permanent(error);
        }
        catch (HttpRequestException ex)
        {
            return new SendResult.Transient($"HTTP: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Transient($"No answer within {options.Value.TimeoutSeconds} s.");
        }
    }

    /// <summary>Hex HMAC-SHA256 of "{timestamp}.{body}" with the shared secret (what receivers recompute).</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
