using System.Collections.Concurrent;
using System.Data.Common;
using Incidents.Domain.Alerts;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Incidents.Web.Features.Alerts.Ingest;

/// <summary>
/// Repeats of open alerts are the bulk of steady monitoring traffic. This remembers the open alerts intake wrote or read
/// last, by (service, dedup key), so a batch of nothing but their repeats is written without reading anything: one
/// UPDATE per alert that matches only while that alert is still open under that key. What is remembered is never
/// trusted — resolved in the portal, or by another instance, an alert matches no row, and the batch is rolled back and
/// takes the full path, which reads everything.
/// </summary>
internal sealed class OpenAlertRepeats
{
    private const int Limit = 50_000;

    private readonly ConcurrentDictionary<(long ServiceId, string DedupKey), long> open = new();

    private long written;

    private RepeatStatement? statement;

    /// <summary>Batches written without reading since start.</summary>
    public long Written => Interlocked.Read(ref written);

    /// <summary>After a commit: the alerts the transaction held, open ones remembered, closed ones forgotten.</summary>
    public void Learn(IEnumerable<Alert> alerts)
    {
        if (open.Count > Limit)
        {
            open.Clear();
        }

        foreach (var alert in alerts)
        {
            if (alert.OpenKey is { } key && alert.Id > 0)
            {
                open[(alert.ServiceId, key)] = alert.Id;
            }
            else
            {
                open.TryRemove((alert.ServiceId, alert.DedupKey), out _);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="batch"/> when it is nothing but triggers of open alerts this process knows; otherwise (or
    /// when one of them is no longer open) writes nothing and answers null.
    /// </summary>
    public async Task<IReadOnlyList<IngestResult>?> TryWriteAsync(
        IDbContextFactory<IncidentsDbContext> contexts, IReadOnlyList<IngestWork> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var repeats = new Dictionary<long, (long ServiceId, string DedupKey, AlertRepeat Repeat)>();
        foreach (var work in batch)
        {
            // Alertmanager's notifications say more than their alerts (truncation, a resolved group); a routing label
            // may send the event to another service.
            if (work.Integration.Kind == IntegrationKind.Alertmanager || work.TruncatedAlerts > 0 || work.GroupResolved)
            {
                return null;
            }

            foreach (var e in work.Events)
            {
                if (e.Action != AlertAction.Trigger
                    || work.Integration.RoutingLabel is { } label && e.Labels.ContainsKey(label)
                    || !open.TryGetValue((work.Integration.ServiceId, e.DedupKey), out var id))
                {
                    return null;
                }

                repeats[id] = repeats.TryGetValue(id, out var seen)
                    ? seen with { Repeat = seen.Repeat.Then(e) }
                    : (work.Integration.ServiceId, e.DedupKey, AlertRepeat.Of(e));
            }
        }

        if (repeats.Count == 0)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await WriteAsync(db, repeats, now, cancellationToken) != repeats.Count)
        {
            // One of them was resolved elsewhere: nothing of this batch is kept, and what was known of it is forgotten.
            await transaction.RollbackAsync(cancellationToken);
            foreach (var (serviceId, key, _) in repeats.Values)
            {
                open.TryRemove((serviceId, key), out _);
            }

            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        Interlocked.Increment(ref written);
        return batch.Select(w => new IngestResult(w.Events.Select(e => e.DedupKey).ToList(), [])).ToList();
    }

    /// <summary>One prepared statement run per alert (in process on SQLite: cheaper than one statement of many rows).</summary>
    private async Task<int> WriteAsync(
        IncidentsDbContext db, Dictionary<long, (long ServiceId, string DedupKey, AlertRepeat Repeat)> repeats, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The statement and the stored forms come from the model, which is the same for every batch of this app.
        var statement = this.statement ??= RepeatStatement.For(db);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = statement.Sql;
        DbParameter Parameter(string name, object? value = null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
            return parameter;
        }

        Parameter("@seen", statement.Seen(now));
        var (times, summaryValue, severityValue, detailsValue) = (Parameter("@times"), Parameter("@summary"), Parameter("@severity"), Parameter("@details"));
        var (id, service, key) = (Parameter("@id"), Parameter("@service"), Parameter("@key"));
        var written = 0;
        foreach (var (alertId, (serviceId, dedupKey, repeat)) in repeats)
        {
            times.Value = repeat.Times;
            summaryValue.Value = (object?)repeat.Summary ?? DBNull.Value;
            severityValue.Value = statement.Severity(repeat.Severity);
            detailsValue.Value = (object?)repeat.DetailsJson ?? DBNull.Value;
            (id.Value, service.Value, key.Value) = (alertId, serviceId, dedupKey);
            written += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return written;
    }

    /// <summary>The repeat UPDATE for the app's provider, and how a time and a severity are stored.</summary>
    private sealed record RepeatStatement(string Sql, Func<object, object> Seen, Func<object, object> Severity)
    {
        public static RepeatStatement For(IncidentsDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(Alert))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            IProperty Property(string name) => entity.FindProperty(name)!;
            string Column(string name) => sql.DelimitIdentifier(Property(name).GetColumnName(table)!);
            Func<object, object> Stored(string property) =>
                Property(property).GetTypeMapping().Converter is { } converter ? value => converter.ConvertToProvider(value)! : value => value;
            var (count, seenAt, summary, severity, details) =
                (Column(nameof(Alert.Count)), Column(nameof(Alert.LastSeenAt)), Column(nameof(Alert.Summary)), Column(nameof(Alert.Severity)), Column(nameof(Alert.DetailsJson)));
            return new(
                $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {count} = {count} + @times, {seenAt} = @seen, "
                + $"{summary} = COALESCE(@summary, {summary}), {severity} = @severity, {details} = COALESCE(@details, {details}) "
                + $"WHERE {Column(nameof(Alert.Id))} = @id AND {Column(nameof(Alert.ServiceId))} = @service AND {Column(nameof(Alert.OpenKey))} = @key",
                Stored(nameof(Alert.LastSeenAt)),
                Stored(nameof(Alert.Severity)));
        }
    }
}
