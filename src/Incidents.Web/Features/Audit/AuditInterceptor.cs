using System.Text.Json;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Incidents.Web.Features.Audit;

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every entity added, changed or deleted, in the same transaction as the
/// change itself. The actor is the context's <see cref="IncidentsDbContext.Actor"/>. Secrets never enter the trail.
/// Timeline entries, problem history, alerts, the outboxes (paging, notices, invitations, posts) and derived figures (report
/// rollups, compliance snapshots) are left out: each is already a who/when/what record or recomputed from one (an alert
/// keeps its source, first/last seen, count and status; every page and delivery is on the incident's timeline), and
/// auditing every repeat of a storm would double its writes.
/// </summary>
internal sealed class AuditInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly HashSet<Type> Unaudited = [typeof(AuditEntry), typeof(DataProtectionKey), typeof(TimelineEntry), typeof(Domain.Alerts.Alert), typeof(Alerts.AlertGroup),
        typeof(Domain.OnCall.EscalationRun), typeof(Domain.OnCall.EscalationStep), typeof(Domain.OnCall.Page), typeof(Domain.OnCall.Delivery),
        typeof(Features.Chat.ChatInbound), typeof(Features.Chat.ChatMessageRef), typeof(Features.Chat.ChatLinkCode),
        typeof(Features.Problems.ProblemEvent), typeof(Features.Notices.Notice), typeof(Features.Postmortems.InvitationDelivery), typeof(Infrastructure.Jobs.JobCursor), typeof(Features.Inbox.InboxItem),
        // Derived figures, recomputed from audited records (the report rollups, the daily compliance snapshots), and the posting outboxes.
        typeof(Features.Reports.IncidentDay), typeof(Features.Reports.ServiceImpactDay), typeof(Features.Reports.AlertDay), typeof(Features.Reports.FingerprintDay),
        typeof(Features.Reports.PageDay), typeof(Features.Changes.Compliance.ComplianceSnapshot), typeof(Features.Reports.WeeklyReviewDelivery), typeof(Features.Changes.Windows.ReadinessPost)];

    /// <summary>Enums by name ("Acknowledged", not 2), so the trail reads without the code.</summary>
    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static readonly HashSet<string> Secret = new(StringComparer.Ordinal)
    {
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "KeyHash", "Value", "Xml", "ProtectedToken", "ProtectedWebhookSecret",
    };

    private sealed class Pending
    {
        public required List<(EntityEntry Entry, AuditEntry Audit)> Entries { get; init; }

        public IDbContextTransaction? OwnTransaction { get; init; }
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, Pending> pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is IncidentsDbContext db)
        {
            Capture(db, db.Database.CurrentTransaction is null ? db.Database.BeginTransaction() : null);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is IncidentsDbContext db)
        {
            Capture(db, db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } db && pending.TryGetValue(db, out var work))
        {
            pending.Remove(db);
            if (work.Entries.Count > 0)
            {
                db.Set<AuditEntry>().AddRange(Complete(work));
                db.SaveChanges();
            }

            work.OwnTransaction?.Commit();
            work.OwnTransaction?.Dispose();
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && pending.TryGetValue(db, out var work))
        {
            pending.Remove(db);
            if (work.Entries.Count > 0)
            {
                db.Set<AuditEntry>().AddRange(Complete(work));
                await db.SaveChangesAsync(cancellationToken);
            }

            if (work.OwnTransaction is not null)
            {
                await work.OwnTransaction.CommitAsync(cancellationToken);
                await work.OwnTransaction.DisposeAsync();
            }
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    private void Abandon(DbContext? db)
    {
        if (db is not null && pending.TryGetValue(db, out var work))
        {
            pending.Remove(db);
            work.OwnTransaction?.Dispose();
        }
    }

    private void Capture(IncidentsDbContext db, IDbContextTransaction? ownTransaction)
    {
        var now = clock.GetUtcNow();
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Where(e => !Unaudited.Contains(e.Metadata.ClrType) && !e.Metadata.IsOwned())
            .Select(e => (e, Describe(e, db, now)))
            .Where(x => x.Item2 is not null)
            .Select(x => (x.e, x.Item2!))
            .ToList();
        pending.AddOrUpdate(db, new Pending { Entries = entries, OwnTransaction = ownTransaction });
    }

    private static AuditEntry? Describe(EntityEntry entry, IncidentsDbContext db, DateTimeOffset now)
    {
        var properties = entry.Properties.Where(p => !Secret.Contains(p.Metadata.Name)).ToList();
        var action = entry.State switch
        {
            EntityState.Added => AuditAction.Added,
            EntityState.Deleted => AuditAction.Deleted,
            _ => AuditAction.Modified,
        };
        var owned = OwnedChanges(entry);
        Dictionary<string, object?>? before = null;
        Dictionary<string, object?>? after = null;
        switch (action)
        {
            case AuditAction.Added:
                after = properties.ToDictionary(p => p.Metadata.Name, p => p.CurrentValue);
                break;
            case AuditAction.Deleted:
                before = properties.ToDictionary(p => p.Metadata.Name, p => p.OriginalValue);
                break;
            case AuditAction.Modified:
                var changed = properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).ToList();
                if (changed.Count == 0 && owned.Count == 0)
                {
                    return null;
                }

                before = changed.ToDictionary(p => p.Metadata.Name, p => p.OriginalValue);
                after = changed.ToDictionary(p => p.Metadata.Name, p => p.CurrentValue);
                break;
        }

        if (owned.Count > 0)
        {
            after ??= [];
            foreach (var (name, value) in owned)
            {
                after[name] = value;
            }
        }

        return new AuditEntry
        {
            At = now,
            ActorId = db.Actor.Id,
            ActorName = db.Actor.Name,
            EntityType = entry.Metadata.ClrType.Name.Split('`')[0],
            Action = action,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        };
    }

    /// <summary>Owned collections (a service's SLA targets) are reported as part of their owner.</summary>
    private static Dictionary<string, object?> OwnedChanges(EntityEntry entry) =>
        entry.Navigations
            .Where(n => n.Metadata.TargetEntityType.IsOwned() && n.CurrentValue is not null)
            .Where(n => entry.Context.ChangeTracker.Entries()
                .Any(o => o.Metadata == n.Metadata.TargetEntityType && o.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
            .ToDictionary(n => n.Metadata.Name, n => n.CurrentValue);

    private static IEnumerable<AuditEntry> Complete(Pending work)
    {
        foreach (var (entry, audit) in work.Entries)
        {
            var key = entry.Metadata.FindPrimaryKey();
            audit.EntityId = key is null
                ? ""
                : string.Join("/", key.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()));
            if (audit.Action == AuditAction.Added)
            {
                // Store-generated keys exist only now; take the values as saved.
                var after = audit.After is null ? [] : JsonSerializer.Deserialize<Dictionary<string, object?>>(audit.After) ?? [];
                foreach (var property in entry.Properties.Where(p => !Secret.Contains(p.Metadata.Name)))
                {
                    after[property.Metadata.Name] = property.CurrentValue;
                }

                audit.After = JsonSerializer.Serialize(after);
            }

            yield return audit;
        }
    }
}
