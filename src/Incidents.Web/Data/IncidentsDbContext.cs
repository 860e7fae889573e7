using Incidents.Web.Features.Setup;
using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Data;

/// <summary>
/// The one model of the application. Each provider has a thin subclass so that each keeps its own migrations
/// (see <see cref="SqliteIncidentsDbContext"/> and <see cref="SqlServerIncidentsDbContext"/>).
/// </summary>
public abstract class IncidentsDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SetupRecord> SetupRecords => Set<SetupRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(IncidentsDbContext).Assembly);
    }
}

public sealed class SqliteIncidentsDbContext(DbContextOptions<SqliteIncidentsDbContext> options)
    : IncidentsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type: store UTC ticks as INTEGER so ORDER BY and range filters run in the database.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}

public sealed class SqlServerIncidentsDbContext(DbContextOptions<SqlServerIncidentsDbContext> options)
    : IncidentsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // datetimeoffset sorts by instant; the converter makes every stored offset +00:00.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcNormalizingConverter>();
    }
}
