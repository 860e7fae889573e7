using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Incidents.Web.Data;

/// <summary>
/// One writer at a time for a SQLite file, queued in the process instead of by SQLite. SQLite lets one connection write
/// and makes the others poll for the lock, sleeping up to 100 ms between tries (Microsoft.Data.Sqlite adds 150 ms
/// sleeps of its own), so under load a short write elsewhere (a page's delivery row) could leave the alert writer
/// asleep for hundreds of milliseconds while the lock stood free: measured, 30 % of intake lost to two probe incidents
/// a second. Here each writer waits for the previous one and is woken the moment it commits. A write is a transaction
/// (SaveChanges always runs in one: the audit trail begins it) or a statement outside one (ExecuteUpdate, raw SQL);
/// reads never wait. Another process on the same file (the CLI) still meets SQLite's busy timeout, which stays the
/// fallback, as it does for a holder that never lets go within <see cref="Patience"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "One gate per database file for the life of the process; its semaphore never hands out a wait handle.")]
internal sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbConnectionInterceptor, IDbCommandInterceptor
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);

    /// <summary>As long as SQLite's own busy timeout: past it the writer goes to SQLite and meets its answer.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Connections holding the gate: for a transaction until it ends, for a lone statement until it ran.</summary>
    private readonly ConcurrentDictionary<DbConnection, bool> holders = new(ReferenceEqualityComparer.Instance);

    private SqliteWriteGate()
    {
    }

    /// <summary>The gate of the database file this connection string opens (one per file in the process).</summary>
    public static SqliteWriteGate For(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var file = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:" ? connectionString : Path.GetFullPath(builder.DataSource);
        return Gates.GetOrAdd(file, _ => new SqliteWriteGate());
    }

    /// <summary>Whether a writer holds the gate now.</summary>
    internal bool IsHeld => gate.CurrentCount == 0;

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Enter(connection, transaction: true);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(connection, transaction: true, cancellationToken);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Left(eventData.Context);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Left(eventData.Context);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Leave(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Left(eventData.Context);

    // A transaction disposed without commit or rollback (an exception on the way) ends with its connection.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Leave(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Leave(connection);
        return Task.CompletedTask;
    }

    public void ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Leave(connection);

    public Task ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Leave(connection);
        return Task.CompletedTask;
    }

    // A write statement outside a transaction (ExecuteUpdate, ExecuteDelete, raw SQL) holds the gate while it runs.
    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (command.Transaction is null && command.Connection is { } connection)
        {
            Enter(connection, transaction: false);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (command.Transaction is null && command.Connection is { } connection)
        {
            await EnterAsync(connection, transaction: false, cancellationToken);
        }

        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        LeaveStatement(command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        LeaveStatement(command);
        return ValueTask.FromResult(result);
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => LeaveStatement(command);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveStatement(command);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => LeaveStatement(command);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveStatement(command);
        return Task.CompletedTask;
    }

    private void Enter(DbConnection connection, bool transaction)
    {
        if (!holders.ContainsKey(connection) && gate.Wait(Patience))
        {
            holders[connection] = transaction;
        }
    }

    private async ValueTask EnterAsync(DbConnection connection, bool transaction, CancellationToken cancellationToken)
    {
        if (holders.ContainsKey(connection))
        {
            return;
        }

        // SQLite's "async" calls complete synchronously; a writer on its own thread (the alert writer) stays on it, and
        // only pool threads give their thread back while they wait.
        var entered = gate.Wait(0, cancellationToken)
            || (Thread.CurrentThread.IsThreadPoolThread ? await gate.WaitAsync(Patience, cancellationToken) : gate.Wait(Patience, cancellationToken));
        if (entered)
        {
            holders[connection] = transaction;
        }
    }

    private void LeaveStatement(DbCommand command)
    {
        // Only the statement's own hold: a statement inside a transaction (or a read) leaves a transaction's hold alone.
        if (command.Transaction is null && command.Connection is { } connection
            && holders.TryGetValue(connection, out var transaction) && !transaction && holders.TryRemove(connection, out _))
        {
            gate.Release();
        }
    }

    private void Leave(DbContext? context)
    {
        if (context is not null)
        {
            Leave(context.Database.GetDbConnection());
        }
    }

    private Task Left(DbContext? context)
    {
        Leave(context);
        return Task.CompletedTask;
    }

    private void Leave(DbConnection connection)
    {
        if (holders.TryRemove(connection, out _))
        {
            gate.Release();
        }
    }
}
