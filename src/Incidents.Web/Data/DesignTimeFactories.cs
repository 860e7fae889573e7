using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Incidents.Web.Data;

/// <summary>Used by dotnet-ef to add SQLite migrations (see docs/architecture.md).</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteIncidentsDbContext>
{
    public SqliteIncidentsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteIncidentsDbContext>();
        DataFeature.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqliteIncidentsDbContext(options.Options);
    }
}

/// <summary>Used by dotnet-ef to add SQL Server migrations; never connects.</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerIncidentsDbContext>
{
    public const string PlaceholderConnectionString = "Server=localhost;Database=Incidents;Integrated Security=true;TrustServerCertificate=true";

    public SqlServerIncidentsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlServerIncidentsDbContext>();
        DataFeature.ConfigureSqlServer(options, PlaceholderConnectionString);
        return new SqlServerIncidentsDbContext(options.Options);
    }
}
