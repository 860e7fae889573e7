using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.Postmortems;
using Incidents.Web.Features.Catalog.Services;
using Incidents.Web.Features.Postmortems.Edit;
using Incidents.Web.Features.Postmortems.Open;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Tests.Features.Postmortems;

/// <summary>Which resolved incidents get a postmortem, owned by whom and due when (<see cref="Web.Features.Postmortems.Open.OpenPostmortems"/>).</summary>
public sealed class OpenPostmortemsTests : PostmortemUseCaseTests
{
    [Fact]
    public async Task Resolve_Sev2_OpensOneOwnedByTheCommanderDueInBusinessDays_DraftedFromTheTimeline()
    {
        var (incidentId, postmortemId) = await PostmortemScenario.ResolvedAsync(app, serviceId, ana);

        Assert.NotNull(postmortemId);
        Assert.Equal(postmortemId, await Get<OpenPostmortems>().ForIncidentAsync(incidentId));
        var pm = (await Get<ShowPostmortem>().HandleAsync(postmortemId!.Value))!;
        Assert.Equal((PostmortemStatus.Draft, ana.Id), (pm.Status, pm.OwnerId));
        // Resolved Friday 14:00 UTC, 3 business days → Wednesday 14:00.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero), pm.DueAt);
        Assert.Contains(pm.Timeline, t => t.Text.StartsWith("Resolved", StringComparison.Ordinal));
        Assert.Contains(pm.Timeline, t => t.Text.StartsWith("Acknowledged", StringComparison.Ordinal) && t.SourceEntryId is not null);
        Assert.StartsWith("SEV2 on Service payments: Payments fail at checkout.", pm.Summary, StringComparison.Ordinal);
        await using var db = await app.NewDbContextAsync();
        Assert.Single(await db.Postmortems.ToListAsync());
        Assert.Contains(await db.Timeline.Where(t => t.IncidentId == incidentId).ToListAsync(), t => t.Kind == TimelineKind.PostmortemOpened);
        Assert.Contains(await db.Notices.ToListAsync(), n => n.UserId == ana.Id && n.Subject.Contains("is yours", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Policy_Sev3NotByDefault_ServiceThresholdAndOptOutRespected_ScanCatchesUp()
    {
        var (sev3, none) = await PostmortemScenario.ResolvedAsync(app, serviceId, ana, Impact.Medium, Urgency.Medium);
        Assert.Null(none);

        var services = Get<ManageServices>();
        var row = (await services.ListAsync()).Single();
        var (changed, _) = await services.SaveAsync(row.Id, new ServiceInput(row.Name, row.Slug, row.TeamId, row.Tier, row.AvailabilityTarget, row.RunbookUrl, Domain.Catalog.SlaTarget.Defaults, Severity.Sev3), Actor.System);
        Assert.True(changed.Succeeded, changed.Error);
        Assert.Equal(Severity.Sev3, (await services.ListAsync()).Single().PostmortemAtOrAbove);
        Assert.Equal(1, await Get<OpenPostmortems>().ScanAsync());
        Assert.NotNull(await Get<ShowPostmortem>().ForIncidentAsync(sev3));
        Assert.Equal(0, await Get<OpenPostmortems>().ScanAsync());

        await services.SaveAsync(row.Id, new ServiceInput(row.Name, row.Slug, row.TeamId, row.Tier, row.AvailabilityTarget, row.RunbookUrl, Domain.Catalog.SlaTarget.Defaults, null, PostmortemOptOut: true), Actor.System);
        var (_, optedOut) = await PostmortemScenario.ResolvedAsync(app, serviceId, ana, Impact.High, Urgency.High);
        Assert.Null(optedOut);
    }
}
