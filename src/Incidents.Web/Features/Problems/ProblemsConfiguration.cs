using Incidents.Domain.Catalog;
using Incidents.Domain.Problems;
using Incidents.Web.Features.OnCall;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Problems;

internal sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    public void Configure(EntityTypeBuilder<Problem> builder)
    {
        builder.Ignore(p => p.Number);
        builder.Ignore(p => p.IsActive);
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.Fingerprint).HasMaxLength(300);
        builder.Property(p => p.OwnerId).HasMaxLength(450);
        builder.Property(p => p.RootCause).HasMaxLength(4000);
        builder.Property(p => p.Workaround).HasMaxLength(4000);
        builder.Property(p => p.ClosedReason).HasMaxLength(500);
        builder.Property<List<string>>("whys").HasColumnName("Whys").AsJson(8000);
        builder.Property<List<string>>("contributingFactors").HasColumnName("ContributingFactors").AsJson(8000);
        builder.Ignore(p => p.Whys);
        builder.Ignore(p => p.ContributingFactors);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<Service>().WithMany().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.Status, p.CreatedAt });
        builder.HasIndex(p => p.Fingerprint);
        builder.HasIndex(p => p.ServiceId);
    }
}

internal sealed class ProblemIncidentConfiguration : IEntityTypeConfiguration<ProblemIncident>
{
    public void Configure(EntityTypeBuilder<ProblemIncident> builder)
    {
        builder.ToTable("ProblemIncidents");
        builder.Property(l => l.LinkedByName).HasMaxLength(200);
        builder.HasOne<Problem>().WithMany().HasForeignKey(l => l.ProblemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Incidents.Domain.Incidents.Incident>().WithMany().HasForeignKey(l => l.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.IncidentId).IsUnique();
        builder.HasIndex(l => l.ProblemId);
    }
}

internal sealed class ProblemEventConfiguration : IEntityTypeConfiguration<ProblemEvent>
{
    public void Configure(EntityTypeBuilder<ProblemEvent> builder)
    {
        builder.ToTable("ProblemHistory");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(200);
        builder.Property(e => e.Text).HasMaxLength(2000);
        builder.HasOne<Problem>().WithMany().HasForeignKey(e => e.ProblemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.ProblemId, e.At });
    }
}

internal sealed class CountermeasureConfiguration : IEntityTypeConfiguration<Countermeasure>
{
    public void Configure(EntityTypeBuilder<Countermeasure> builder)
    {
        builder.Ignore(c => c.GoesToBacklog);
        builder.Ignore(c => c.IsOpen);
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.Description).HasMaxLength(4000);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.OwnerId).HasMaxLength(450);
        builder.Property(c => c.BacklogSystem).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.BacklogItemId).HasMaxLength(50);
        builder.Property(c => c.BacklogUrl).HasMaxLength(1000);
        builder.Property(c => c.BacklogState).HasMaxLength(100);
        builder.Property(c => c.BacklogError).HasMaxLength(500);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<Problem>().WithMany().HasForeignKey(c => c.ProblemId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => new { c.State, c.TeamId });
        builder.HasIndex(c => c.ProblemId);
        builder.HasIndex(c => c.OwnerId);
        // Webhooks find the countermeasure behind a backlog item.
        builder.HasIndex(c => new { c.BacklogSystem, c.BacklogItemId });
    }
}
