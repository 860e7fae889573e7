using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Alerts.Ingest;

internal sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>Events a minute one integration key may send before it gets 429 (a token bucket refilled every second).</summary>
    public int EventsPerMinutePerKey { get; set; } = 60_000;
}

/// <summary>
/// Per-integration-key limits. The key is only known after reading the body (Events v2 carries it there), so the
/// limit is taken here rather than by ASP.NET's middleware, and it answers 429 with Retry-After, never 503.
/// </summary>
internal sealed class AlertRateLimiter(IOptions<AlertOptions> options)
{
    private readonly ConcurrentDictionary<long, TokenBucketRateLimiter> buckets = new();

    public bool TryAcquire(long integrationId, int events, out TimeSpan retryAfter)
    {
        var bucket = buckets.GetOrAdd(integrationId, _ => Create());
        using var lease = bucket.AttemptAcquire(Math.Min(events, options.Value.EventsPerMinutePerKey));
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        return lease.IsAcquired;
    }

    private TokenBucketRateLimiter Create()
    {
        var perMinute = Math.Max(1, options.Value.EventsPerMinutePerKey);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = Math.Max(1, perMinute / 60),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
