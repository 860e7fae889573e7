using Incidents.Domain;
using Incidents.Web.Features.Audit;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>What the audit trail records of incident and user changes.</summary>
public sealed class IncidentAuditTrailTests : IncidentUseCaseTests
{
    [Fact]
    public async Task Audit_IncidentChanges_RecordedWithActorAndBeforeAfter()
    {
        var id = await OpenAsync();
        await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Acknowledge, new Actor("ben-id", "Ben"));

        await using var db = await App.NewDbContextAsync();
        var trail = await db.AuditTrail.Where(a => a.EntityType == "Incident" && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).ToListAsync();

        Assert.Equal([AuditAction.Added, AuditAction.Modified], trail.Select(a => a.Action));
        Assert.Equal("Ana", trail[0].ActorName);
        Assert.Equal("Ben", trail[1].ActorName);
        Assert.Equal("ben-id", trail[1].ActorId);
        // Names, not numbers: the trail reads without the code.
        Assert.Contains("\"Status\":\"Triggered\"", trail[1].Before, StringComparison.Ordinal);
        Assert.Contains("\"Status\":\"Acknowledged\"", trail[1].After, StringComparison.Ordinal);
        Assert.Equal(App.Clock.GetUtcNow(), trail[1].At);
        Assert.Contains($"\"Id\":{id}", trail[0].After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_UserCreated_NoSecretsRecorded()
    {
        await App.CreateUserAsync("audited@example.test", Domain.Access.Role.Viewer);

        await using var db = await App.NewDbContextAsync();
        var userAudit = await db.AuditTrail.Where(a => a.EntityType == "ApplicationUser").ToListAsync();

        Assert.NotEmpty(userAudit);
        Assert.All(userAudit, a =>
        {
            Assert.DoesNotContain("PasswordHash", a.After ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain("SecurityStamp", a.After ?? "", StringComparison.Ordinal);
        });
        Assert.Contains(userAudit, a => a.After?.Contains("audited@example.test", StringComparison.Ordinal) == true);
    }
}
