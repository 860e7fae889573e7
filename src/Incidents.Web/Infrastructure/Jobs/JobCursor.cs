using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Infrastructure.Jobs;

/// <summary>How far a recurring job has read a stream (incidents by time), so a restart resumes where it stopped.</summary>
public sealed class JobCursor
{
    private JobCursor()
    {
    }

    public JobCursor(string name, DateTimeOffset position)
    {
        Name = name;
        Position = position;
    }

    public string Name { get; private set; } = "";

    public DateTimeOffset Position { get; set; }
}

internal sealed class JobCursorConfiguration : IEntityTypeConfiguration<JobCursor>
{
    public void Configure(EntityTypeBuilder<JobCursor> builder)
    {
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(100);
    }
}
