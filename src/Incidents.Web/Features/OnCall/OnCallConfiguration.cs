using System.Text.Json;
using Incidents.Domain.Catalog;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.OnCall;

/// <summary>Small value lists (participants, restrictions, targets) live in a JSON column of their row.</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static PropertyBuilder<List<T>> AsJson<T>(this PropertyBuilder<List<T>> property, int maxLength) =>
        property.HasConversion(
                v => JsonSerializer.Serialize(v, Options),
                v => JsonSerializer.Deserialize<List<T>>(v, Options) ?? new List<T>(),
                new ValueComparer<List<T>>(
                    (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                    v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
                    v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, Options), Options)!))
            .HasMaxLength(maxLength);
}

internal sealed class ScheduleConfiguration : IEntityTypeConfiguration<Schedule>
{
    public void Configure(EntityTypeBuilder<Schedule> builder)
    {
        builder.Ignore(s => s.Zone);
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Description).HasMaxLength(1000);
        builder.Property(s => s.TimeZoneId).HasMaxLength(64);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => s.Name).IsUnique();
        builder.HasOne<Team>().WithMany().HasForeignKey(s => s.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(s => s.Layers).WithOne().HasForeignKey(l => l.ScheduleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Overrides).WithOne().HasForeignKey(o => o.ScheduleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScheduleLayerConfiguration : IEntityTypeConfiguration<ScheduleLayer>
{
    public void Configure(EntityTypeBuilder<ScheduleLayer> builder)
    {
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.Property(l => l.RotationUnit).HasConversion<string>().HasMaxLength(10);
        builder.Property(l => l.Participants).AsJson(8000);
        builder.Property(l => l.Restrictions).AsJson(4000);
    }
}

internal sealed class ScheduleOverrideConfiguration : IEntityTypeConfiguration<ScheduleOverride>
{
    public void Configure(EntityTypeBuilder<ScheduleOverride> builder)
    {
        builder.Property(o => o.UserId).HasMaxLength(450);
        builder.Property(o => o.Reason).HasMaxLength(500);
        builder.Property(o => o.CreatedById).HasMaxLength(450);
        builder.Property(o => o.CreatedByName).HasMaxLength(200);
        builder.HasIndex(o => new { o.ScheduleId, o.EndsAt });
    }
}

internal sealed class EscalationPolicyConfiguration : IEntityTypeConfiguration<EscalationPolicy>
{
    public void Configure(EntityTypeBuilder<EscalationPolicy> builder)
    {
        builder.Ignore(p => p.Ordered);
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.Description).HasMaxLength(1000);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => p.Name).IsUnique();
        builder.HasOne<Team>().WithMany().HasForeignKey(p => p.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(p => p.Levels).WithOne().HasForeignKey(l => l.PolicyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany<Service>().WithOne().HasForeignKey(s => s.EscalationPolicyId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class EscalationLevelConfiguration : IEntityTypeConfiguration<EscalationLevel>
{
    public void Configure(EntityTypeBuilder<EscalationLevel> builder)
    {
        builder.Ignore(l => l.Timeout);
        builder.Property(l => l.Targets).AsJson(4000);
    }
}

internal sealed class ContactMethodConfiguration : IEntityTypeConfiguration<ContactMethod>
{
    public void Configure(EntityTypeBuilder<ContactMethod> builder)
    {
        builder.Property(m => m.UserId).HasMaxLength(450);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Address).HasMaxLength(1000);
        builder.Property(m => m.Label).HasMaxLength(100);
        builder.HasIndex(m => m.UserId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationRuleConfiguration : IEntityTypeConfiguration<NotificationRule>
{
    public void Configure(EntityTypeBuilder<NotificationRule> builder)
    {
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.HasIndex(r => r.UserId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ContactMethod>().WithMany().HasForeignKey(r => r.ContactMethodId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class EscalationRunConfiguration : IEntityTypeConfiguration<EscalationRun>
{
    public void Configure(EntityTypeBuilder<EscalationRun> builder)
    {
        builder.Property(r => r.PolicyName).HasMaxLength(100);
        builder.Property(r => r.Reason).HasMaxLength(500);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        // At most one active escalation per incident, enforced by the database.
        builder.HasIndex(r => r.ActiveIncidentId).IsUnique();
        builder.HasIndex(r => r.IncidentId);
        builder.HasOne<Incident>().WithMany().HasForeignKey(r => r.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EscalationStepConfiguration : IEntityTypeConfiguration<EscalationStep>
{
    public void Configure(EntityTypeBuilder<EscalationStep> builder)
    {
        builder.Ignore(s => s.Position);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.ClaimedBy).HasMaxLength(64).IsConcurrencyToken();
        // Each level of each pass through the policy is one row: a step cannot be scheduled, or sent, twice.
        builder.HasIndex(s => new { s.RunId, s.Level, s.Cycle }).IsUnique();
        // The dispatcher's scan.
        builder.HasIndex(s => new { s.Status, s.DueAt });
        builder.HasIndex(s => s.IncidentId);
        builder.HasOne<EscalationRun>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PageConfiguration : IEntityTypeConfiguration<Page>
{
    public void Configure(EntityTypeBuilder<Page> builder)
    {
        builder.ToTable("Pages");
        builder.Property(p => p.UserId).HasMaxLength(450);
        builder.Property(p => p.UserName).HasMaxLength(200);
        builder.Property(p => p.PagedBy).HasMaxLength(200);
        // A level pages each person once.
        builder.HasIndex(p => new { p.StepId, p.UserId }).IsUnique();
        builder.HasIndex(p => p.IncidentId);
        // The on-call burden report reads the pages of a period.
        builder.HasIndex(p => p.CreatedAt);
        builder.HasOne<Incident>().WithMany().HasForeignKey(p => p.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Deliveries).WithOne().HasForeignKey(d => d.PageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        builder.Property(d => d.UserId).HasMaxLength(450);
        builder.Property(d => d.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Address).HasMaxLength(1000);
        builder.Property(d => d.ClaimedBy).HasMaxLength(64).IsConcurrencyToken();
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.HasIndex(d => new { d.Status, d.DueAt });
        builder.HasIndex(d => d.IncidentId);
    }
}
