using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Web.Features.Changes.Fingerprints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

public sealed class FingerprintDriftTests(ChangesApp app) : ChangesUseCaseTests(app)
{
    private ReportFingerprint Report => App.Services.GetRequiredService<ReportFingerprint>();

    private DetectDrift Detect => App.Services.GetRequiredService<DetectDrift>();

    private async Task<FingerprintDrift> DriftAsync(long id)
    {
        await using var db = await App.NewDbContextAsync();
        return await db.FingerprintDrifts.AsNoTracking().SingleAsync(d => d.Id == id);
    }

    [Fact]
    public async Task CheckIns_BaselineThenSameThenChanged_OnlyTheChangeIsADrift()
    {
        var serviceId = await ServiceAsync();

        Assert.Equal(FingerprintResult.Baseline, (await Report.HandleAsync(serviceId, null, "sha256:aaaa", Actor.System)).Result);
        Assert.Equal(FingerprintResult.Unchanged, (await Report.HandleAsync(serviceId, "Production", "sha256:aaaa", Actor.System)).Result);
        var (result, driftId) = await Report.HandleAsync(serviceId, null, "sha256:bbbb", Actor.System);

        Assert.Equal(FingerprintResult.Pending, result);
        var drift = await DriftAsync(driftId!.Value);
        Assert.Equal(("sha256:aaaa", "sha256:bbbb"), (drift.From, drift.To));
        Assert.Equal(DriftStatus.Pending, drift.Status);
    }

    [Fact]
    public async Task Drift_ExplainedByAChangeThatEndedBetweenTheSightings_NothingDetected()
    {
        var serviceId = await ServiceAsync();
        await Report.HandleAsync(serviceId, null, "v1.0.0", Actor.System);
        var change = await ApprovedChangeAsync(serviceId);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await Manage.ActAsync(change, ChangeAction.Complete, (await ChangeAsync(change)).RequesterId is { } r ? new Actor(r, "R") : Actor.System)).Succeeded);
        App.Clock.Advance(TimeSpan.FromMinutes(10));

        var (result, driftId) = await Report.HandleAsync(serviceId, null, "v1.1.0", Actor.System);

        Assert.Equal(FingerprintResult.Explained, result);
        Assert.Equal(change, (await DriftAsync(driftId!.Value)).ChangeId);
        App.Clock.Advance(TimeSpan.FromHours(25));
        await Detect.HandleAsync();
        Assert.Single(await ChangesOfAsync(serviceId));
    }

    [Fact]
    public async Task Drift_ChangeArrivesLateWithinTheWindow_Explained_NotDetected()
    {
        var repository = $"acme/{Guid.NewGuid():N}";
        var serviceId = await ServiceAsync(repository);
        await Report.HandleAsync(serviceId, null, "img@sha256:111", Actor.System);
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var (_, driftId) = await Report.HandleAsync(serviceId, null, "img@sha256:222", Actor.System);
        App.Clock.Advance(TimeSpan.FromHours(2));
        // The pipeline's webhook arrives after the files changed: the deployment is recorded (a bypass), and explains the drift.
        await App.CreateClient().SendAsync(GitHubDelivery(GitHubEvent(repository, 9, "success")));

        var (explained, unauthorized) = await Detect.HandleAsync();

        Assert.True(explained >= 1);
        Assert.Equal(0, unauthorized);
        Assert.Equal(DriftStatus.Explained, (await DriftAsync(driftId!.Value)).Status);
    }

    [Fact]
    public async Task Drift_UnexplainedPastTheWindow_RecordedOnceAsDetected_OwnersNotified()
    {
        var serviceId = await ServiceAsync();
        var owner = await PersonAsync(Role.Developer);
        await App.JoinOwningTeamAsync(serviceId, owner.Id!);
        await Report.HandleAsync(serviceId, null, "files:0a1b2c3d4e5f60718293a4b5c6d7e8f9", Actor.System);
        App.Clock.Advance(TimeSpan.FromHours(1));
        var (_, driftId) = await Report.HandleAsync(serviceId, null, "files:ffeeddccbbaa99887766554433221100", Actor.System);

        App.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal((0, 0), await Detect.HandleAsync());
        Assert.Empty(await ChangesOfAsync(serviceId));
        App.Clock.Advance(TimeSpan.FromHours(1.5));
        await Detect.HandleAsync();
        await Detect.HandleAsync();

        var change = Assert.Single(await ChangesOfAsync(serviceId));
        Assert.Equal(ChangeSource.Detected, change.Source);
        Assert.True(change.Bypassed);
        Assert.Equal(ChangeStatus.Completed, change.Status);
        Assert.Equal("Unannounced change: fingerprint files:0a…c6d7e8f9 → files:ff…33221100", change.Title);
        Assert.Equal("detected, not approved", change.MissedBecause(change.StartedAt!.Value.AddDays(10)));
        var drift = await DriftAsync(driftId!.Value);
        Assert.Equal((DriftStatus.Unauthorized, change.Id), (drift.Status, drift.ChangeId));
        await using var db = await App.NewDbContextAsync();
        var notice = Assert.Single(await db.Notices.Where(n => n.UserId == owner.Id).ToListAsync());
        Assert.Equal($"/changes/{change.Id}", notice.Link);
    }

    [Fact]
    public async Task Api_FingerprintCheckIn_AndBadInput()
    {
        var serviceId = await ServiceAsync();
        var slug = await SlugAsync(serviceId);
        var client = await ApiClientAsync(Role.Developer);

        var first = await client.PostAsJsonAsync("/api/v1/changes/fingerprints", new { service = slug, fingerprint = "v2.0.0" });
        var second = await client.PostAsJsonAsync("/api/v1/changes/fingerprints", new { service = slug, fingerprint = "v2.0.1" });
        Assert.Equal("Baseline", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString());
        Assert.Equal("Pending", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString());

        foreach (var bad in new object[]
        {
            new { service = slug, fingerprint = "" },
            new { service = slug, fingerprint = new string('f', 201) },
            new { service = slug, fingerprint = "line\nbreak" },
            new { service = "nope", fingerprint = "v1" },
            new { service = slug, fingerprint = "v1", environment = "  " },
        })
        {
            var response = await client.PostAsJsonAsync("/api/v1/changes/fingerprints", bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        await using var db = await App.NewDbContextAsync();
        Assert.Equal("v2.0.1", (await db.ProductionFingerprints.SingleAsync(f => f.ServiceId == serviceId)).Value);
    }
}
