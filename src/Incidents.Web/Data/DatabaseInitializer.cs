using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Data;

/// <summary>Creates the SQLite data folder, switches it to WAL and applies migrations before the app serves requests.</summary>
internal sealed partial class DatabaseInitializer(
    IDbContextFactory<IncidentsDbContext> contexts,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
            if (!DataFeature.IsInMemory(builder))
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
                if (folder is not null)
                {
                    Directory.CreateDirectory(folder);
                }

                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
                await db.Database.CloseConnectionAsync();
            }
        }

        if (!options.Value.MigrateOnStartup)
        {
            return;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            LogMigrating(logger, pending.Count, db.Database.ProviderName ?? "?");
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migrations with {Provider}")]
    private static partial void LogMigrating(ILogger logger, int count, string provider);
}
