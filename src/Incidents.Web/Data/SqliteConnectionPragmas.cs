using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Incidents.Web.Data;

/// <summary>
/// Per-connection SQLite settings. journal_mode=WAL is persistent and set once by <see cref="DatabaseInitializer"/>;
/// busy_timeout is per connection, so concurrent writers wait for the lock instead of failing with SQLITE_BUSY.
/// </summary>
internal sealed class SqliteConnectionPragmas : DbConnectionInterceptor
{
    public static readonly SqliteConnectionPragmas Instance = new();

    private const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
