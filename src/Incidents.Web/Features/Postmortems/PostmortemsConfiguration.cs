using Incidents.Domain.Postmortems;
using Incidents.Web.Features.OnCall;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Postmortems;

internal sealed class PostmortemConfiguration : IEntityTypeConfiguration<Postmortem>
{
    public void Configure(EntityTypeBuilder<Postmortem> builder)
    {
        builder.Ignore(p => p.IsReadOnly);
        builder.Ignore(p => p.Timeline);
        builder.Property<List<PostmortemTimelineItem>>("timeline").HasColumnName("Timeline").AsJson(400_000);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.OwnerId).HasMaxLength(450);
        foreach (var section in new[] { nameof(Postmortem.Summary), nameof(Postmortem.CustomerImpact), nameof(Postmortem.RootCause), nameof(Postmortem.WentWell), nameof(Postmortem.WentBadly), nameof(Postmortem.GotLucky) })
        {
            builder.Property(section).HasMaxLength(Postmortem.MaxSectionLength);
        }

        builder.Property(p => p.LastEditedByName).HasMaxLength(200);
        builder.Property(p => p.PublishedEarlyBecause).HasMaxLength(Postmortem.MaxEarlyReasonLength);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<Incidents.Domain.Incidents.Incident>().WithMany().HasForeignKey(p => p.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Incidents.Domain.Problems.Problem>().WithMany().HasForeignKey(p => p.ProblemId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(p => p.IncidentId).IsUnique();
        builder.HasIndex(p => new { p.Status, p.DueAt });
        builder.HasIndex(p => p.OwnerId);
    }
}

internal sealed class ReviewMeetingConfiguration : IEntityTypeConfiguration<ReviewMeeting>
{
    public void Configure(EntityTypeBuilder<ReviewMeeting> builder)
    {
        builder.Ignore(m => m.EndsAt);
        builder.Property(m => m.Uid).HasMaxLength(200);
        builder.Property(m => m.Location).HasMaxLength(300);
        builder.Property(m => m.OnlineUrl).HasMaxLength(1000);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasOne<Postmortem>().WithMany().HasForeignKey(m => m.PostmortemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Invitees).WithOne().HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Invitees).HasField("invitees").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(m => m.Uid).IsUnique();
        builder.HasIndex(m => new { m.PostmortemId, m.Cancelled });
        builder.HasIndex(m => new { m.Cancelled, m.StartsAt });
    }
}

internal sealed class MeetingInviteeConfiguration : IEntityTypeConfiguration<MeetingInvitee>
{
    public void Configure(EntityTypeBuilder<MeetingInvitee> builder)
    {
        builder.Property(i => i.UserId).HasMaxLength(450);
        builder.Property(i => i.Name).HasMaxLength(200);
        builder.Property(i => i.Email).HasMaxLength(256);
        builder.Property(i => i.Why).HasMaxLength(100);
        builder.Property(i => i.Response).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.RespondedVia).HasMaxLength(20);
        builder.HasIndex(i => new { i.MeetingId, i.UserId }).IsUnique();
    }
}

internal sealed class ReviewCommentConfiguration : IEntityTypeConfiguration<ReviewComment>
{
    public void Configure(EntityTypeBuilder<ReviewComment> builder)
    {
        builder.Property(c => c.Section).HasMaxLength(30);
        builder.Property(c => c.Text).HasMaxLength(4000);
        builder.Property(c => c.AuthorId).HasMaxLength(450);
        builder.Property(c => c.AuthorName).HasMaxLength(200);
        builder.Property(c => c.ResolvedByName).HasMaxLength(200);
        builder.HasOne<Postmortem>().WithMany().HasForeignKey(c => c.PostmortemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.PostmortemId, c.At });
    }
}

internal sealed class InvitationDeliveryConfiguration : IEntityTypeConfiguration<InvitationDelivery>
{
    public void Configure(EntityTypeBuilder<InvitationDelivery> builder)
    {
        builder.Property(d => d.Target).HasMaxLength(450);
        builder.Property(d => d.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.LastError).HasMaxLength(500);
        builder.HasOne<ReviewMeeting>().WithMany().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.MeetingId, d.Sequence, d.Target, d.Channel }).IsUnique();
        builder.HasIndex(d => d.NextAttemptAt);
    }
}
