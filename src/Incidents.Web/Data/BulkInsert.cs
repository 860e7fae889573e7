using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Incidents.Web.Data;

/// <summary>
/// Set-based inserts for the hot path of alert intake: one multi-row INSERT per chunk instead of one statement per
/// entity (EF's SQLite provider sends each insert alone). Columns, names and stored values come from the EF model
/// (converters included), so the row is exactly what SaveChanges would write. RETURNING (SQLite, PostgreSQL) and
/// OUTPUT (SQL Server) give no order guarantee, so ids are matched back by a unique key the caller names. Each entity
/// then has its id and is tracked as Unchanged, so later changes are ordinary updates.
/// </summary>
internal static class BulkInsert
{
    /// <summary>SQL Server accepts 2,100 parameters per command; every chunk stays below it on every provider.</summary>
    private const int MaxParameters = 2_000;

    private const char KeySeparator = '\u001f';

    /// <summary>
    /// Inserts <paramref name="rows"/>. On SQLite (in process, no round trips) one prepared single-row statement is run
    /// for each row, which costs less than parsing and binding one statement of thousands of parameters; elsewhere
    /// multi-row statements (<paramref name="multiRow"/> forces them, for tests).
    /// </summary>
    public static async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, IReadOnlyList<string> uniqueKey, CancellationToken cancellationToken, bool multiRow = false)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var id = entity.FindPrimaryKey()?.Properties is [var single] ? single : throw new InvalidOperationException($"{typeof(T).Name} needs a single-column key.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p != id).ToList();
        if (columns.Any(p => p.IsShadowProperty() || p.ValueGenerated != ValueGenerated.Never))
        {
            throw new InvalidOperationException($"{typeof(T).Name} has shadow or generated columns; insert it with SaveChanges.");
        }

        var keys = uniqueKey.Select(name => entity.FindProperty(name) ?? throw new InvalidOperationException($"{typeof(T).Name} has no {name}.")).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var sqlServer = db.Database.ProviderName?.Contains("SqlServer", StringComparison.Ordinal) == true;
        var quotedTable = sql.DelimitIdentifier(table.Name, table.Schema);
        var quotedColumns = columns.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)).ToList();
        var returned = new[] { id }.Concat(keys).Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)).ToList();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        // The database's id, and tracked as Unchanged: later changes are ordinary updates.
        void Track(T row, long newId)
        {
            var entry = db.Entry(row);
            entry.Property(id.Name).CurrentValue = newId;
            entry.State = EntityState.Unchanged;
        }

        // The same contract as SaveChanges: a unique violation (a concurrent delivery) is a DbUpdateException.
        DbUpdateException Failed(int count, DbException ex) => new($"Inserting {count} {typeof(T).Name} row(s) failed: {ex.Message}", ex);

        if (!multiRow && db.Database.IsSqlite())
        {
            await using var statement = connection.CreateCommand();
            statement.Transaction = transaction;
            statement.CommandText = Sql(quotedTable, quotedColumns, [returned[0]], 1, sqlServer: false);
            var parameters = columns.Select((_, i) =>
            {
                var parameter = statement.CreateParameter();
                parameter.ParameterName = $"@p{i}";
                statement.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
            statement.Prepare();
            foreach (var row in rows)
            {
                for (var c = 0; c < columns.Count; c++)
                {
                    parameters[c].Value = Stored(columns[c], row) ?? DBNull.Value;
                }

                object? inserted;
                try
                {
                    inserted = await statement.ExecuteScalarAsync(cancellationToken);
                }
                catch (DbException ex)
                {
                    throw Failed(1, ex);
                }

                Track(row, Convert.ToInt64(inserted, CultureInfo.InvariantCulture));
            }

            return;
        }

        var perChunk = Math.Max(1, MaxParameters / columns.Count);

        for (var start = 0; start < rows.Count; start += perChunk)
        {
            var chunk = rows.Skip(start).Take(perChunk).ToList();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Sql(quotedTable, quotedColumns, returned, chunk.Count, sqlServer);
            var byKey = new Dictionary<string, T>(chunk.Count, StringComparer.Ordinal);
            foreach (var row in chunk)
            {
                foreach (var column in columns)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@p{command.Parameters.Count}";
                    parameter.Value = Stored(column, row) ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }

                if (!byKey.TryAdd(KeyOf(keys.Select(k => Stored(k, row))), row))
                {
                    throw new InvalidOperationException($"Two {typeof(T).Name} rows of one insert share their unique key.");
                }
            }

            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var key = KeyOf(Enumerable.Range(1, keys.Count).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
                    Track(byKey[key], reader.GetInt64(0));
                    byKey.Remove(key);
                }
            }
            catch (DbException ex)
            {
                throw Failed(chunk.Count, ex);
            }

            if (byKey.Count > 0)
            {
                throw new InvalidOperationException($"{byKey.Count} inserted {typeof(T).Name} rows came back without their id.");
            }
        }
    }

    /// <summary>The statement for <paramref name="rows"/> rows of parameters @p0…, returning the id and key columns.</summary>
    public static string Sql(string table, IReadOnlyList<string> columns, IReadOnlyList<string> returned, int rows, bool sqlServer)
    {
        var text = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns)})");
        if (sqlServer)
        {
            text.Append(CultureInfo.InvariantCulture, $" OUTPUT {string.Join(", ", returned.Select(c => "INSERTED." + c))}");
        }

        text.Append(" VALUES ");
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                text.Append(c == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"@p{(r * columns.Count) + c}");
            }

            text.Append(')');
        }

        if (!sqlServer)
        {
            text.Append(CultureInfo.InvariantCulture, $" RETURNING {string.Join(", ", returned)}");
        }

        return text.Append(';').ToString();
    }

    private static object? Stored(IProperty property, object row)
    {
        var value = property.GetGetter().GetClrValue(row);
        var stored = value is null ? null : property.GetTypeMapping().Converter?.ConvertToProvider(value) ?? value;
        return stored is Enum e ? Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture) : stored;
    }

    private static string KeyOf(IEnumerable<object?> values) =>
        string.Join(KeySeparator, values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""));
}
