using Incidents.Web.Features.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Data;

internal static class DataFeature
{
    public static WebApplicationBuilder AddDataFeature(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DatabaseOptions.Section);
        var options = section.Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.Configure<DatabaseOptions>(section);

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(builder.Configuration, builder.Environment, options);
                builder.Services.AddDbContextFactory<SqliteIncidentsDbContext>((sp, o) =>
                    ConfigureSqlite(o, sqlite).AddInterceptors(sp.GetRequiredService<AuditInterceptor>()));
                builder.Services.AddSingleton<IDbContextFactory<IncidentsDbContext>>(sp =>
                    new ProviderDbContextFactory<SqliteIncidentsDbContext>(
                        sp.GetRequiredService<IDbContextFactory<SqliteIncidentsDbContext>>()));
                break;
            case DatabaseProvider.SqlServer:
                var sqlServer = builder.Configuration.GetConnectionString("SqlServer")
                    ?? throw new InvalidOperationException(
                        "Database:Provider is SqlServer but ConnectionStrings:SqlServer is not set.");
                builder.Services.AddDbContextFactory<SqlServerIncidentsDbContext>((sp, o) =>
                    ConfigureSqlServer(o, sqlServer).AddInterceptors(sp.GetRequiredService<AuditInterceptor>()));
                builder.Services.AddSingleton<IDbContextFactory<IncidentsDbContext>>(sp =>
                    new ProviderDbContextFactory<SqlServerIncidentsDbContext>(
                        sp.GetRequiredService<IDbContextFactory<SqlServerIncidentsDbContext>>()));
                break;
        }

        // Identity's EF stores need a scoped context; everything else asks the factory for one per operation.
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<IncidentsDbContext>>().CreateDbContext());
        // First of all hosted services: Data Protection's own start-up reads its keys from this database.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseInitializer>());
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [HealthTags.Ready]);
        return builder;
    }

    // Single queries on purpose (both providers): the only reads with two collections are a schedule's few layers and
    // overrides, where one round trip beats the split; saying so keeps EF's warning out of the log.
    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        IgnoreCappedCounts(options).UseSqlite(connectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
            .AddInterceptors(SqliteConnectionPragmas.Instance, SqliteWriteGate.For(connectionString));

    // No retrying execution strategy: the audit trail commits in the same user-initiated transaction as the change.
    public static DbContextOptionsBuilder ConfigureSqlServer(DbContextOptionsBuilder options, string connectionString) =>
        IgnoreCappedCounts(options).UseSqlServer(connectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));

    /// <summary>Lists count "up to N" with Take without OrderBy on purpose: any N rows will do for a count.</summary>
    private static DbContextOptionsBuilder IgnoreCappedCounts(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning));

    /// <summary>The configured SQLite connection string, or a file in the data folder; relative paths resolve against the content root.</summary>
    public static string SqliteConnectionString(IConfiguration configuration, IHostEnvironment environment, DatabaseOptions options)
    {
        var configured = configuration.GetConnectionString("Sqlite");
        var builder = new SqliteConnectionStringBuilder(configured);
        if (string.IsNullOrWhiteSpace(configured))
        {
            builder.DataSource = Path.Combine(DataDirectory(environment, options), "incidents.db");
        }
        else if (!Path.IsPathRooted(builder.DataSource) && !IsInMemory(builder))
        {
            builder.DataSource = Path.Combine(environment.ContentRootPath, builder.DataSource);
        }

        builder.ForeignKeys = true;
        return builder.ToString();
    }

    public static string DataDirectory(IHostEnvironment environment, DatabaseOptions options) =>
        Path.IsPathRooted(options.DataDirectory)
            ? options.DataDirectory
            : Path.Combine(environment.ContentRootPath, options.DataDirectory);

    internal static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory
        || builder.DataSource == ":memory:"
        || builder.DataSource.StartsWith("file::memory:", StringComparison.Ordinal);
}

/// <summary>Hands out the provider-specific context as the one <see cref="IncidentsDbContext"/> the app codes against.</summary>
internal sealed class ProviderDbContextFactory<TContext>(IDbContextFactory<TContext> inner)
    : IDbContextFactory<IncidentsDbContext>
    where TContext : IncidentsDbContext
{
    public IncidentsDbContext CreateDbContext() => inner.CreateDbContext();
}

internal static class HealthTags
{
    public const string Ready = "ready";
}
