using System.Security.Cryptography;
using System.Text;
using Incidents.Domain.Alerts;
using Incidents.Domain.Catalog;
using Incidents.Domain.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Alerts;

public enum IntegrationKind
{
    Alertmanager,
    EventsV2,
    Generic,
}

/// <summary>
/// A monitoring source sending to one service. The secret key (32 characters, like a PagerDuty routing key) is
/// shown once; only its SHA-256 hash is stored, and the hash is how a request finds its integration.
/// </summary>
public sealed class Integration
{
    public long Id { get; set; }

    public long ServiceId { get; set; }

    public required string Name { get; set; }

    public IntegrationKind Kind { get; set; }

    public required string KeyHash { get; set; }

    public GroupingMode Grouping { get; set; } = GroupingMode.ByGroupKey;

    public int GroupingWindowMinutes { get; set; } = 30;

    /// <summary>Resolve the incident when all its alerts resolve.</summary>
    public bool AutoResolve { get; set; } = true;

    /// <summary>Optional label whose value names another service by slug (e.g. Alertmanager label "service").</summary>
    public string? RoutingLabel { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public static string GenerateKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

internal sealed class IntegrationConfiguration : IEntityTypeConfiguration<Integration>
{
    public void Configure(EntityTypeBuilder<Integration> builder)
    {
        builder.Property(i => i.Name).HasMaxLength(100);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Grouping).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.KeyHash).HasMaxLength(64);
        builder.Property(i => i.RoutingLabel).HasMaxLength(100);
        builder.HasIndex(i => i.KeyHash).IsUnique();
        builder.HasOne<Service>().WithMany().HasForeignKey(i => i.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.Ignore(a => a.IsOpen);
        builder.Property(a => a.DedupKey).HasMaxLength(255);
        builder.Property(a => a.OpenKey).HasMaxLength(255);
        builder.Property(a => a.Summary).HasMaxLength(1024);
        builder.Property(a => a.Source).HasMaxLength(255);
        builder.Property(a => a.GroupKey).HasMaxLength(500);
        builder.Property(a => a.Link).HasMaxLength(1000);
        builder.Property(a => a.LinkText).HasMaxLength(Alert.MaxLinkTextLength);
        // At most one open alert per (service, dedup key), enforced by the database, not only by code.
        builder.HasIndex(a => new { a.ServiceId, a.OpenKey }).IsUnique();
        builder.HasIndex(a => new { a.IncidentId, a.Status });
        builder.HasIndex(a => new { a.Status, a.LastSeenAt });
        // A group's newest alerts, read from the end of the index (grouping a storm into its incident).
        builder.HasIndex(a => new { a.ServiceId, a.GroupKey, a.Id });
        // The alert noise report counts the alerts of a period.
        builder.HasIndex(a => a.FirstSeenAt);
        builder.HasOne<Service>().WithMany().HasForeignKey(a => a.ServiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Integration>().WithMany().HasForeignKey(a => a.IntegrationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Incident>().WithMany().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.SetNull);
    }
}
