using Incidents.Domain.Catalog;
using Incidents.Domain.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Alerts;

/// <summary>
/// Where a group of alerts goes: the incident that alerts of this service and group key (Alertmanager's groupKey,
/// Events v2 <c>payload.group</c>) last opened or joined. Written in the transaction that opens or joins the
/// incident, so intake finds every group of a batch with one indexed read instead of walking each group's alerts.
/// When the incident is no longer open the group's newest alerts are asked as before, and the row follows the answer.
/// </summary>
public sealed class AlertGroup
{
    public long Id { get; private set; }

    public long ServiceId { get; private set; }

    public string GroupKey { get; private set; } = "";

    public long IncidentId { get; private set; }

    public static AlertGroup For(long serviceId, string groupKey, long incidentId) =>
        new() { ServiceId = serviceId, GroupKey = groupKey, IncidentId = incidentId };

    public void MoveTo(long incidentId) => IncidentId = incidentId;
}

internal sealed class AlertGroupConfiguration : IEntityTypeConfiguration<AlertGroup>
{
    public void Configure(EntityTypeBuilder<AlertGroup> builder)
    {
        builder.Property(g => g.GroupKey).HasMaxLength(500);
        builder.HasIndex(g => new { g.ServiceId, g.GroupKey }).IsUnique();
        builder.HasIndex(g => g.IncidentId);
        builder.HasOne<Service>().WithMany().HasForeignKey(g => g.ServiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Incident>().WithMany().HasForeignKey(g => g.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}
