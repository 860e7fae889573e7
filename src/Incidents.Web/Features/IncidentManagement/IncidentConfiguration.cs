using Incidents.Domain.Catalog;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.IncidentManagement;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.Ignore(i => i.Number);
        builder.Property(i => i.Title).HasMaxLength(200);
        builder.Property(i => i.Description).HasMaxLength(20_000);
        builder.Property(i => i.SeverityOverrideReason).HasMaxLength(500);
        builder.Property(i => i.CommanderId).HasMaxLength(450);
        builder.Property(i => i.ReporterId).HasMaxLength(450);
        builder.Property(i => i.ReporterName).HasMaxLength(200);
        builder.Property(i => i.CustomerReference).HasMaxLength(100);
        builder.Property(i => i.LatestStatusUpdate).HasMaxLength(5_000);
        builder.Property(i => i.ResolutionSummary).HasMaxLength(Incident.MaxResolutionSummaryLength);
        builder.Property(i => i.LastChangedByName).HasMaxLength(200);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.Property(i => i.Fingerprint).HasMaxLength(300);
        builder.PrimitiveCollection(i => i.Tags).HasField("tags").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.HasOne<Service>().WithMany().HasForeignKey(i => i.ServiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Incident>().WithMany().HasForeignKey(i => i.DuplicateOfId).OnDelete(DeleteBehavior.Restrict);

        builder.HasMany(i => i.Timeline).WithOne().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(i => i.Timeline).HasField("timeline").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(i => i.Responders).WithOne().HasForeignKey(r => r.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(i => i.Responders).HasField("responders").UsePropertyAccessMode(PropertyAccessMode.Field);

        // The list's views: newest first, overall and within a status, severity or service.
        builder.HasIndex(i => i.TriggeredAt);
        builder.HasIndex(i => new { i.Status, i.TriggeredAt });
        // Severity-first views sort severity ascending, newest first within it: the index stores exactly that order.
        builder.HasIndex(i => new { i.Severity, i.TriggeredAt, i.Id }).IsDescending(false, true, true);
        builder.HasIndex(i => new { i.ServiceId, i.Status, i.TriggeredAt });
        builder.HasIndex(i => new { i.ServiceId, i.Severity, i.TriggeredAt });
        builder.HasIndex(i => i.CommanderId);
        builder.HasIndex(i => i.ReporterId);
        // The SLA job's scan: open incidents by deadline.
        builder.HasIndex(i => new { i.Status, i.AcknowledgeDueAt });
        builder.HasIndex(i => new { i.Status, i.ResolveDueAt });
        // Recurrence: incidents of one fingerprint over time (candidate problems, known errors, the watch window).
        builder.HasIndex(i => new { i.Fingerprint, i.TriggeredAt });
        // The report rollups find what changed since their last run (Features/Reports/RollUpIncidents).
        builder.HasIndex(i => i.LastChangedAt);
    }
}

internal sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> builder)
    {
        builder.ToTable("IncidentTimeline");
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(200);
        builder.Property(e => e.Text).HasMaxLength(20_000);
        builder.HasIndex(e => new { e.IncidentId, e.At });
    }
}

internal sealed class IncidentResponderConfiguration : IEntityTypeConfiguration<IncidentResponder>
{
    public void Configure(EntityTypeBuilder<IncidentResponder> builder)
    {
        builder.HasKey(r => new { r.IncidentId, r.UserId });
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.UserId);
    }
}

internal sealed class IncidentLinkConfiguration : IEntityTypeConfiguration<IncidentLink>
{
    public void Configure(EntityTypeBuilder<IncidentLink> builder)
    {
        builder.HasKey(l => new { l.IncidentId, l.RelatedIncidentId });
        builder.HasOne<Incident>().WithMany().HasForeignKey(l => l.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Incident>().WithMany().HasForeignKey(l => l.RelatedIncidentId).OnDelete(DeleteBehavior.NoAction);
    }
}
