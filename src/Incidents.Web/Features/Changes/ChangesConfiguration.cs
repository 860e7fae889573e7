using Incidents.Domain.Catalog;
using Incidents.Domain.Changes;
using Incidents.Domain.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Changes;

/// <summary>A line of a change's own history: what happened to it, who did it and when.</summary>
public sealed class ChangeEvent
{
    private ChangeEvent()
    {
    }

    public ChangeEvent(long changeId, string? actorId, string actorName, DateTimeOffset at, string text)
    {
        ChangeId = changeId;
        ActorId = actorId;
        ActorName = actorName;
        At = at;
        Text = text.Length <= 4000 ? text : text[..4000];
    }

    public long Id { get; private set; }

    public long ChangeId { get; private set; }

    public string? ActorId { get; private set; }

    public string ActorName { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public string Text { get; private set; } = "";
}

public enum ChangeRelation
{
    /// <summary>The change caused the incident.</summary>
    CausedBy,
    /// <summary>The change (a rollback or fix) ended the incident.</summary>
    FixedBy,
}

/// <summary>An incident's link to a change: caused by it, or fixed by it. At most one of each per pair.</summary>
public sealed class IncidentChange
{
    private IncidentChange()
    {
    }

    public IncidentChange(long incidentId, long changeId, ChangeRelation relation, string byName, DateTimeOffset at)
    {
        IncidentId = incidentId;
        ChangeId = changeId;
        Relation = relation;
        ByName = byName;
        At = at;
    }

    public long Id { get; private set; }

    public long IncidentId { get; private set; }

    public long ChangeId { get; private set; }

    public ChangeRelation Relation { get; private set; }

    public string ByName { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}

internal sealed class ChangeConfiguration : IEntityTypeConfiguration<Change>
{
    public void Configure(EntityTypeBuilder<Change> builder)
    {
        builder.Ignore(c => c.Number);
        builder.Ignore(c => c.IsProduction);
        builder.Ignore(c => c.ApprovedAfterTheFact);
        builder.Ignore(c => c.ApprovalsNeeded);
        builder.Ignore(c => c.ApprovalsGiven);
        builder.Ignore(c => c.IsFinished);
        builder.Ignore(c => c.Case);
        builder.Ignore(c => c.AwaitsApprovalAfterTheFact);
        builder.Property(c => c.Environment).HasMaxLength(50);
        builder.Property(c => c.Title).HasMaxLength(Change.MaxTitleLength);
        builder.Property(c => c.Description).HasMaxLength(Change.MaxDescriptionLength);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Risk).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.RequesterId).HasMaxLength(450);
        builder.Property(c => c.RequesterName).HasMaxLength(200);
        builder.Property(c => c.Implementer).HasMaxLength(200);
        builder.Property(c => c.CommitSha).HasMaxLength(100);
        builder.Property(c => c.Ref).HasMaxLength(255);
        builder.Property(c => c.Url).HasMaxLength(1000);
        builder.Property(c => c.ExternalKey).HasMaxLength(300);
        builder.Property(c => c.OutsideWindowReason).HasMaxLength(Change.MaxReasonLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasMany(c => c.Approvals).WithOne().HasForeignKey(a => a.ChangeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.StepsDone).WithOne().HasForeignKey(s => s.ChangeId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.StepsDone).HasField("stepsDone").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasOne<ChangeProcedure>().WithMany().HasForeignKey(c => c.ProcedureId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Domain.Problems.Countermeasure>().WithMany().HasForeignKey(c => c.CountermeasureId).OnDelete(DeleteBehavior.SetNull);
        builder.Ignore(c => c.ShippedToProduction);
        builder.Navigation(c => c.Approvals).HasField("approvals").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasOne<Service>().WithMany().HasForeignKey(c => c.ServiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.ExternalKey).IsUnique();
        // Suspect changes: a service's changes that ended shortly before an incident began.
        builder.HasIndex(c => new { c.ServiceId, c.EndedAt });
        // Compliance counts finished production changes per week and service, and picks the few that may have missed
        // the process, from this index alone: only those few are read from the table.
        builder.HasIndex(c => new { c.EndedAt, c.Environment, c.Status, c.ServiceId, c.Type, c.Bypassed, c.ApprovedAt, c.StartedAt, c.RejectedAfterTheFact });
    }
}

internal sealed class ChangeApprovalConfiguration : IEntityTypeConfiguration<ChangeApproval>
{
    public void Configure(EntityTypeBuilder<ChangeApproval> builder)
    {
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.Decision).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Reason).HasMaxLength(Change.MaxReasonLength);
    }
}

internal sealed class ChangeEventConfiguration : IEntityTypeConfiguration<ChangeEvent>
{
    public void Configure(EntityTypeBuilder<ChangeEvent> builder)
    {
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(200);
        builder.Property(e => e.Text).HasMaxLength(4000);
        builder.HasOne<Change>().WithMany().HasForeignKey(e => e.ChangeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.ChangeId, e.At });
    }
}

internal sealed class IncidentChangeConfiguration : IEntityTypeConfiguration<IncidentChange>
{
    public void Configure(EntityTypeBuilder<IncidentChange> builder)
    {
        builder.Property(l => l.Relation).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.ByName).HasMaxLength(200);
        builder.HasOne<Incident>().WithMany().HasForeignKey(l => l.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Change>().WithMany().HasForeignKey(l => l.ChangeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.IncidentId, l.ChangeId, l.Relation }).IsUnique();
        builder.HasIndex(l => l.ChangeId);
    }
}

internal sealed class ProductionFingerprintConfiguration : IEntityTypeConfiguration<ProductionFingerprint>
{
    public void Configure(EntityTypeBuilder<ProductionFingerprint> builder)
    {
        builder.Property(f => f.Environment).HasMaxLength(50);
        builder.Property(f => f.Value).HasMaxLength(ProductionFingerprint.MaxValueLength);
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.HasOne<Service>().WithMany().HasForeignKey(f => f.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.ServiceId, f.Environment }).IsUnique();
    }
}

internal sealed class FingerprintDriftConfiguration : IEntityTypeConfiguration<FingerprintDrift>
{
    public void Configure(EntityTypeBuilder<FingerprintDrift> builder)
    {
        builder.Property(d => d.Environment).HasMaxLength(50);
        builder.Property(d => d.From).HasMaxLength(ProductionFingerprint.MaxValueLength);
        builder.Property(d => d.To).HasMaxLength(ProductionFingerprint.MaxValueLength);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Service>().WithMany().HasForeignKey(d => d.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.Status, d.ObservedAt });
        builder.HasIndex(d => d.ServiceId);
    }
}

internal sealed class ChangeProcedureConfiguration : IEntityTypeConfiguration<ChangeProcedure>
{
    public void Configure(EntityTypeBuilder<ChangeProcedure> builder)
    {
        builder.Property(p => p.Type).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(p => p.Steps);
        builder.Property<List<string>>("steps").HasColumnName("Steps").HasMaxLength(ChangeProcedure.MaxSteps * (ChangeProcedure.MaxStepLength + 8))
            .HasConversion(Json<List<string>>.Converter(), Json<List<string>>.Comparer());
        builder.Property(p => p.Note).HasMaxLength(ChangeProcedure.MaxNoteLength);
        builder.Property(p => p.PublishedByName).HasMaxLength(200);
        builder.HasIndex(p => new { p.Type, p.Version }).IsUnique();
    }
}

internal sealed class ChangeStepDoneConfiguration : IEntityTypeConfiguration<ChangeStepDone>
{
    public void Configure(EntityTypeBuilder<ChangeStepDone> builder)
    {
        builder.Property(s => s.Title).HasMaxLength(ChangeProcedure.MaxStepLength);
        builder.Property(s => s.ById).HasMaxLength(450);
        builder.Property(s => s.ByName).HasMaxLength(200);
        builder.HasIndex(s => new { s.ChangeId, s.Step }).IsUnique();
    }
}

internal sealed class DeploymentWindowConfiguration : IEntityTypeConfiguration<DeploymentWindow>
{
    public void Configure(EntityTypeBuilder<DeploymentWindow> builder)
    {
        builder.Property(w => w.Name).HasMaxLength(DeploymentWindow.MaxNameLength);
        builder.Property(w => w.TimeZone).HasMaxLength(100);
        builder.Ignore(w => w.Days);
        builder.Ignore(w => w.Checkpoints);
        builder.Property<List<DayOfWeek>>("days").HasColumnName("Days").HasMaxLength(200).HasConversion(Json<List<DayOfWeek>>.Converter(), Json<List<DayOfWeek>>.Comparer());
        builder.Property<List<Checkpoint>>("checkpoints").HasColumnName("Checkpoints").HasMaxLength(2000).HasConversion(Json<List<Checkpoint>>.Converter(), Json<List<Checkpoint>>.Comparer());
        builder.HasOne<Team>().WithMany().HasForeignKey(w => w.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Service>().WithMany().HasForeignKey(w => w.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChangeFreezeConfiguration : IEntityTypeConfiguration<ChangeFreeze>
{
    public void Configure(EntityTypeBuilder<ChangeFreeze> builder)
    {
        builder.Property(f => f.Reason).HasMaxLength(200);
        builder.HasOne<Team>().WithMany().HasForeignKey(f => f.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Service>().WithMany().HasForeignKey(f => f.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => f.End);
    }
}

/// <summary>A value stored as JSON text, compared by its JSON (lists of days, checkpoints, steps).</summary>
internal static class Json<T>
    where T : class, new()
{
    public static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Converter() => new(
        v => System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null),
        v => System.Text.Json.JsonSerializer.Deserialize<T>(v, (System.Text.Json.JsonSerializerOptions?)null) ?? new T());

    public static Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<T> Comparer() => new(
        (a, b) => System.Text.Json.JsonSerializer.Serialize(a, (System.Text.Json.JsonSerializerOptions?)null) == System.Text.Json.JsonSerializer.Serialize(b, (System.Text.Json.JsonSerializerOptions?)null),
        v => System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null).GetHashCode(StringComparison.Ordinal),
        v => System.Text.Json.JsonSerializer.Deserialize<T>(System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null), (System.Text.Json.JsonSerializerOptions?)null)!);
}
