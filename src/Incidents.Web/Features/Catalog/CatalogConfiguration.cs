using Incidents.Domain.Catalog;
using Incidents.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Catalog;

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.HasIndex(t => t.Name).IsUnique();
        builder.Property(t => t.ChatChannel).HasMaxLength(200);
        builder.Property(t => t.ComplianceGoal).HasPrecision(5, 4);
        builder.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Members).HasField("members").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.HasKey(m => new { m.TeamId, m.UserId });
        builder.Property(m => m.UserId).HasMaxLength(450);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.UserId);
    }
}

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Slug).HasMaxLength(60);
        builder.HasIndex(s => s.Slug).IsUnique();
        builder.HasIndex(s => s.Name).IsUnique();
        builder.Property(s => s.Tier).HasConversion<string>().HasMaxLength(10);
        builder.Property(s => s.AvailabilityTarget).HasPrecision(6, 3);
        builder.Property(s => s.RunbookUrl).HasMaxLength(500);
        builder.Property(s => s.DeploymentRepository).HasMaxLength(200);
        builder.Property(s => s.DeploymentEnvironment).HasMaxLength(100);
        builder.HasIndex(s => new { s.DeploymentRepository, s.DeploymentEnvironment });
        builder.HasOne<Team>().WithMany().HasForeignKey(s => s.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsMany(s => s.SlaTargets, sla =>
        {
            sla.ToTable("ServiceSlaTargets");
            sla.WithOwner().HasForeignKey("ServiceId");
            sla.HasKey("ServiceId", nameof(SlaTarget.Severity));
            // Ticks, not SQL Server's time type, which stops at 24 hours.
            sla.Property(t => t.AcknowledgeWithin).HasConversion<long>();
            sla.Property(t => t.ResolveWithin).HasConversion<long>();
        });
        builder.Navigation(s => s.SlaTargets).HasField("slaTargets").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
