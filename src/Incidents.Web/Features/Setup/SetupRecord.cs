using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Setup;

/// <summary>
/// The single row written when the first Admin is created. Its primary key makes a second setup fail in the
/// database even when two run at once, and it stays after users are removed: setup is closed for good.
/// </summary>
public sealed class SetupRecord
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public required string AdminUserId { get; set; }

    public DateTimeOffset CompletedAt { get; set; }
}

internal sealed class SetupRecordConfiguration : IEntityTypeConfiguration<SetupRecord>
{
    public void Configure(EntityTypeBuilder<SetupRecord> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.AdminUserId).HasMaxLength(450);
    }
}
