using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

public sealed class ChangesApiTests(ChangesApp app) : ChangesUseCaseTests(app)
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Create_SubmitApproveStartComplete_ThroughTheProcess()
    {
        var slug = await SlugAsync(await ServiceAsync());
        var developer = await ApiClientAsync(Role.Developer);
        var admin = await ApiClientAsync(Role.Admin);

        var created = await developer.PostAsJsonAsync("/api/v1/changes", new { service = slug, title = "Rotate the TLS certificate", kind = "Configuration", type = "Normal", risk = "Low" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var change = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = change.GetProperty("id").GetInt64();
        Assert.Equal("Submitted", change.GetProperty("status").GetString());
        Assert.Equal($"/api/v1/changes/{id}", created.Headers.Location?.ToString());

        var own = await developer.PatchAsJsonAsync($"/api/v1/changes/{id}", new { action = "Approve" });
        Assert.Contains("four eyes", (await ProblemAsync(own, HttpStatusCode.Forbidden)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var early = await developer.PatchAsJsonAsync($"/api/v1/changes/{id}", new { action = "Start" });
        await ProblemAsync(early, HttpStatusCode.Conflict);

        var approved = await admin.PatchAsJsonAsync($"/api/v1/changes/{id}", new { action = "Approve", reason = "Tested in QA" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await developer.PatchAsJsonAsync($"/api/v1/changes/{id}", new { action = "Start" })).StatusCode);
        var completed = await developer.PatchAsJsonAsync($"/api/v1/changes/{id}", new { action = "Complete" });

        var body = await completed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Completed", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("missedBecause").ValueKind);
        Assert.Equal("Tested in QA", body.GetProperty("approvals")[0].GetProperty("reason").GetString());
        var got = await (await developer.GetAsync($"/api/v1/changes/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Completed", got.GetProperty("status").GetString());
        var list = await (await developer.GetAsync($"/api/v1/changes?service={slug}&view=Finished")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Create_ViewerOrSupport_403_NothingRecorded()
    {
        var serviceId = await ServiceAsync();
        var slug = await SlugAsync(serviceId);
        foreach (var role in new[] { Role.Viewer, Role.Support })
        {
            var client = await ApiClientAsync(role);
            var response = await client.PostAsJsonAsync("/api/v1/changes", new { service = slug, title = "x", kind = "Deployment", type = "Normal" });
            await ProblemAsync(response, HttpStatusCode.Forbidden);
        }

        Assert.Empty(await ChangesOfAsync(serviceId));
    }

    [Theory]
    [InlineData("{\"service\":\"SLUG\",\"title\":\"   \",\"kind\":\"Deployment\",\"type\":\"Normal\"}", "title")]
    [InlineData("{\"service\":\"SLUG\",\"title\":\"x\",\"kind\":\"Deployment\",\"type\":\"Sometimes\"}", "type")]
    [InlineData("{\"service\":\"SLUG\",\"title\":\"x\",\"kind\":\"Deployment\",\"type\":2}", "type")]
    [InlineData("{\"service\":\"SLUG\",\"title\":\"x\",\"kind\":\"Deployment\",\"type\":\"Normal\",\"risk\":\"Extreme\"}", "risk")]
    [InlineData("{\"service\":\"nope\",\"title\":\"x\",\"kind\":\"Deployment\",\"type\":\"Normal\"}", "service")]
    [InlineData("{\"service\":\"SLUG\",\"title\":\"x\",\"kind\":\"Deployment\",\"type\":\"Normal\",\"url\":\"javascript:alert(1)\"}", "url")]
    [InlineData("{\"service\":\"SLUG\",\"title\":\"x\",\"kind\":\"Deployment\",\"type\":\"Normal\",\"plannedStart\":\"2026-12-01T10:00:00Z\",\"plannedEnd\":\"2026-12-01T09:00:00Z\"}", "planned")]
    [InlineData("{\"service\":\"SLUG\",\"title\":\"TITLE_TOO_LONG\",\"kind\":\"Deployment\",\"type\":\"Normal\"}", "title")]
    [InlineData("{\"service\":\"SLUG\",\"title\":[1],\"kind\":\"Deployment\",\"type\":\"Normal\"}", "title")]
    public async Task Create_BadInput_400ProblemAndNothingRecorded(string json, string mentions)
    {
        var serviceId = await ServiceAsync();
        var client = await ApiClientAsync(Role.Developer);
        json = json.Replace("SLUG", await SlugAsync(serviceId), StringComparison.Ordinal).Replace("TITLE_TOO_LONG", new string('t', 201), StringComparison.Ordinal);

        var response = await client.PostAsync("/api/v1/changes", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(mentions, problem.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await ChangesOfAsync(serviceId));
    }

    [Fact]
    public async Task Update_UnknownChangeMissingActionOrStaleVersion_404_400_409()
    {
        var client = await ApiClientAsync(Role.Admin);
        var serviceId = await ServiceAsync();
        var id = await ApprovedChangeAsync(serviceId);

        await ProblemAsync(await client.PatchAsJsonAsync("/api/v1/changes/999999", new { action = "Start" }), HttpStatusCode.NotFound);
        await ProblemAsync(await client.PatchAsJsonAsync($"/api/v1/changes/{id}", new { reason = "x" }), HttpStatusCode.BadRequest);
        await ProblemAsync(await client.PatchAsJsonAsync($"/api/v1/changes/{id}", new { action = "Start", expectedVersion = 0 }), HttpStatusCode.Conflict);
        await ProblemAsync(await client.PatchAsJsonAsync($"/api/v1/changes/{id}", new { action = "Schedule" }), HttpStatusCode.BadRequest);
        Assert.Equal(ChangeStatus.Approved, (await ChangeAsync(id)).Status);
    }

    [Fact]
    public async Task Emergency_StartsAtOnce_TwoApprovalsAfterTheFact_RejectNeedsAReason()
    {
        var slug = await SlugAsync(await ServiceAsync());
        var developer = await ApiClientAsync(Role.Developer);
        var first = await ApiClientAsync(Role.Admin);
        var second = await ApiClientAsync(Role.Admin);
        var created = await (await developer.PostAsJsonAsync("/api/v1/changes", new { service = slug, title = "Hotfix: disable the coupon endpoint", kind = "Configuration", type = "Emergency" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.OK, (await developer.PatchAsJsonAsync($"/api/v1/changes/{id}", new { action = "Complete" })).StatusCode);
        await ProblemAsync(await first.PatchAsJsonAsync($"/api/v1/changes/{id}", new { action = "Reject" }), HttpStatusCode.BadRequest);
        var one = await (await first.PatchAsJsonAsync($"/api/v1/changes/{id}", new { action = "Approve" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, one.GetProperty("approvalsGiven").GetInt32());
        Assert.Equal("emergency, not approved yet", one.GetProperty("missedBecause").GetString());
        var two = await (await second.PatchAsJsonAsync($"/api/v1/changes/{id}", new { action = "Approve" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(2, two.GetProperty("approvalsGiven").GetInt32());
        Assert.True(two.GetProperty("approvals")[1].GetProperty("afterTheFact").GetBoolean());
        Assert.Equal(JsonValueKind.Null, two.GetProperty("missedBecause").ValueKind);
    }

    [Fact]
    public async Task GenericDeployment_WithApiKey_RecordsAndMovesOneChange_BadStateIs400()
    {
        var serviceId = await ServiceAsync();
        var slug = await SlugAsync(serviceId);
        var ci = await ApiClientAsync(Role.Developer);

        var started = await ci.PostAsJsonAsync("/api/v1/changes/deployments", new { service = slug, id = "argo-42", state = "in_progress", sha = "abc1234def", by = "argo", description = "Sync checkout to v2.3.1" });
        var done = await ci.PostAsJsonAsync("/api/v1/changes/deployments", new { service = slug, id = "argo-42", state = "success" });
        var bad = await ci.PostAsJsonAsync("/api/v1/changes/deployments", new { service = slug, id = "argo-43", state = "exploded" });
        var viewer = await (await ApiClientAsync(Role.Viewer)).PostAsJsonAsync("/api/v1/changes/deployments", new { service = slug, id = "argo-44", state = "success" });

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, done.StatusCode);
        await ProblemAsync(bad, HttpStatusCode.BadRequest);
        await ProblemAsync(viewer, HttpStatusCode.Forbidden);
        var change = Assert.Single(await ChangesOfAsync(serviceId));
        Assert.Equal("Sync checkout to v2.3.1", change.Title);
        Assert.Equal(ChangeStatus.Completed, change.Status);
        Assert.Equal(ChangeSource.Webhook, change.Source);
        Assert.True(change.Bypassed);
    }

    [Fact]
    public async Task Dora_FromTheRecords_LeadTimeFromTheCommit_FailureAndRecovery()
    {
        var serviceId = await ServiceAsync();
        var slug = await SlugAsync(serviceId);
        var ci = await ApiClientAsync(Role.Developer);
        var before = await App.Services.GetRequiredService<Incidents.Web.Features.Changes.Compliance.MeasureDora>().HandleAsync();
        var committed = App.Clock.GetUtcNow().AddHours(-5);

        var failed = await ci.PostAsJsonAsync("/api/v1/changes/deployments", new { service = slug, id = "r-1", state = "failure", committedAt = committed });
        App.Clock.Advance(TimeSpan.FromMinutes(30));
        var fixedIt = await ci.PostAsJsonAsync("/api/v1/changes/deployments", new { service = slug, id = "r-2", state = "success", committedAt = committed });
        Assert.Equal(HttpStatusCode.Accepted, failed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, fixedIt.StatusCode);
        var after = await App.Services.GetRequiredService<Incidents.Web.Features.Changes.Compliance.MeasureDora>().HandleAsync();

        Assert.Equal(before.Deployments + 2, after.Deployments);
        Assert.Equal(TimeSpan.FromHours(5.5), after.LeadTime);
        Assert.Equal(TimeSpan.FromMinutes(30), after.RecoveryTime);
        Assert.NotNull(after.ChangeFailureRate);
    }

    [Fact]
    public async Task AnyChangeEndpoint_WithoutAKey_401Problem()
    {
        var client = App.CreateClient();
        foreach (var (method, path) in new[] { ("GET", "/api/v1/changes"), ("POST", "/api/v1/changes"), ("PATCH", "/api/v1/changes/1"), ("POST", "/api/v1/changes/fingerprints"), ("POST", "/api/v1/changes/deployments") })
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") });
            await ProblemAsync(response, HttpStatusCode.Unauthorized);
        }

        await using var db = await App.NewDbContextAsync();
        Assert.False(await db.Changes.AnyAsync(c => c.Title == "{}"));
    }
}
