using Incidents.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Account.Sessions;

/// <summary>
/// One signed-in browser. The cookie carries only this row's id; the ticket lives here, so signing out (or being
/// disabled) ends the session on the server: a copied cookie is worth nothing afterwards.
/// </summary>
public sealed class UserSession
{
    public string Id { get; set; } = "";

    public string UserId { get; set; } = "";

    /// <summary>The authentication ticket, protected with Data Protection.</summary>
    public byte[] Ticket { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.Ticket).HasMaxLength(16_000);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.UserId);
    }
}
