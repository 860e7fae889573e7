using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.ApiKeys.Manage;
using Incidents.Web.Features.Users.Disable;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.IncidentManagement;

public sealed class IncidentsApiTests : IClassFixture<IncidentsApiTests.App>
{
    public sealed class App : TestApp
    {
        private readonly SemaphoreSlim once = new(1, 1);
        private bool seeded;

        public async Task EnsureServiceAsync()
        {
            await once.WaitAsync();
            try
            {
                if (!seeded)
                {
                    await CreateServiceAsync("checkout-api");
                    seeded = true;
                }
            }
            finally
            {
                once.Release();
            }
        }
    }

    private readonly App app;

    public IncidentsApiTests(App app) => this.app = app;

    private async Task<HttpClient> ClientAsync(params Role[] roles)
    {
        await app.EnsureServiceAsync();
        var user = await app.CreateUserAsync($"api-{Guid.NewGuid():N}@example.test", roles);
        var (_, key) = await app.Services.GetRequiredService<ManageApiKeys>().CreateAsync(new Actor(user.Id, user.DisplayName), "test");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static object NewIncident(string title = "Checkout down") =>
        new { title, description = "Card payments fail", service = "checkout-api", impact = "High", urgency = "High", customerReference = "C-1" };

    private static async Task<long> CreateAsync(HttpClient client, string title = "Checkout down")
    {
        var response = await client.PostAsJsonAsync("/api/v1/incidents", NewIncident(title));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("inc_deadbeef_notarealkey")]
    [InlineData("garbage")]
    public async Task AnyEndpoint_NoOrBadKey_401ProblemAndNothingCreated(string? key)
    {
        await app.EnsureServiceAsync();
        var client = app.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        await AssertProblemAsync(await client.GetAsync("/api/v1/incidents"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/incidents", NewIncident("should not exist")), HttpStatusCode.Unauthorized);
        await using var db = await app.NewDbContextAsync();
        Assert.False(await db.Incidents.AnyAsync(i => i.Title == "should not exist"));
    }

    [Fact]
    public async Task ChangeStatus_DeveloperOnTheOwningTeam_Acknowledges_DeveloperElsewhere403SayingWhoCanHelp()
    {
        var responder = await ClientAsync(Role.Responder);
        var id = await CreateAsync(responder, "Developer acknowledges");
        await app.EnsureServiceAsync();
        var teammate = await app.CreateUserAsync($"dev-{Guid.NewGuid():N}@example.test", Role.Developer);
        await using (var db = await app.NewDbContextAsync())
        {
            await app.JoinOwningTeamAsync(await db.Incidents.Where(i => i.Id == id).Select(i => i.ServiceId).SingleAsync(), teammate.Id);
        }

        var (_, key) = await app.Services.GetRequiredService<ManageApiKeys>().CreateAsync(new Actor(teammate.Id, teammate.DisplayName), "dev");
        var onTeam = app.CreateClient();
        onTeam.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var elsewhere = await ClientAsync(Role.Developer);

        var refused = await elsewhere.PostAsJsonAsync($"/api/v1/incidents/{id}/status", new { action = "Acknowledge" });
        var accepted = await onTeam.PostAsJsonAsync($"/api/v1/incidents/{id}/status", new { action = "Acknowledge" });

        var problem = await AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.StartsWith("You may not do that: acknowledging INC-", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        await using var check = await app.NewDbContextAsync();
        Assert.Equal(IncidentStatus.Acknowledged, (await check.Incidents.SingleAsync(i => i.Id == id)).Status);
    }

    public static TheoryData<Role, bool, bool, bool> RoleMatrix() => new()
    {
        // role, may create, may change status, may add note
        { Role.Admin, true, true, true },
        { Role.Responder, true, true, true },
        { Role.Support, true, false, true },
        { Role.Developer, false, false, true },
        { Role.Viewer, false, false, false },
    };

    [Theory]
    [MemberData(nameof(RoleMatrix))]
    public async Task Endpoints_PerRole_AllowedOr403(Role role, bool create, bool changeStatus, bool note)
    {
        var responder = await ClientAsync(Role.Responder);
        var existing = await CreateAsync(responder, $"existing for {role}");
        var client = await ClientAsync(role);

        var list = await client.GetAsync("/api/v1/incidents?status=all");
        var get = await client.GetAsync($"/api/v1/incidents/{existing}");
        var created = await client.PostAsJsonAsync("/api/v1/incidents", NewIncident($"by {role}"));
        var status = await client.PostAsJsonAsync($"/api/v1/incidents/{existing}/status", new { action = "Acknowledge" });
        var noted = await client.PostAsJsonAsync($"/api/v1/incidents/{existing}/notes", new { text = "note" });

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(create ? HttpStatusCode.Created : HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Equal(changeStatus ? HttpStatusCode.OK : HttpStatusCode.Forbidden, status.StatusCode);
        Assert.Equal(note ? HttpStatusCode.Created : HttpStatusCode.Forbidden, noted.StatusCode);
        if (!create)
        {
            await AssertProblemAsync(created, HttpStatusCode.Forbidden);
            await using var db = await app.NewDbContextAsync();
            Assert.False(await db.Incidents.AnyAsync(i => i.Title == $"by {role}"));
        }
    }

    [Fact]
    public async Task Create_ThenLifecycle_TimelineInResponse()
    {
        var client = await ClientAsync(Role.Responder);
        var id = await CreateAsync(client);

        foreach (var action in new[] { "Acknowledge", "Mitigate", "Resolve" })
        {
            var response = await client.PostAsJsonAsync($"/api/v1/incidents/{id}/status", new { action, comment = action == "Resolve" ? "Rolled back" : null });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var incident = await client.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
        Assert.Equal("Resolved", incident.GetProperty("status").GetString());
        Assert.Equal("Sev1", incident.GetProperty("severity").GetString());
        Assert.Equal($"INC-{id}", incident.GetProperty("number").GetString());
        // Opened, "nobody was paged" (SEV1 on a service without a policy), acknowledged, took command, mitigated, resolved.
        Assert.Equal(6, incident.GetProperty("timeline").GetArrayLength());
    }

    [Fact]
    public async Task Create_MissingFields_400NamesEachField()
    {
        var client = await ClientAsync(Role.Support);

        var response = await client.PostAsJsonAsync("/api/v1/incidents", new { description = "no title" });

        var errors = (await AssertProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("service", out _));
        Assert.True(errors.TryGetProperty("impact", out _));
    }

    [Fact]
    public async Task Create_UnknownServiceOrMalformedJson_400AndNothingStored()
    {
        var client = await ClientAsync(Role.Support);
        await using var before = await app.NewDbContextAsync();
        var count = await before.Incidents.CountAsync();

        var unknown = await client.PostAsJsonAsync("/api/v1/incidents", new { title = "x", service = "nope", impact = "Low", urgency = "Low" });
        var malformed = await client.PostAsync("/api/v1/incidents", new StringContent("{\"title\": ", System.Text.Encoding.UTF8, "application/json"));

        await AssertProblemAsync(unknown, HttpStatusCode.BadRequest);
        await AssertProblemAsync(malformed, HttpStatusCode.BadRequest);
        await using var after = await app.NewDbContextAsync();
        Assert.Equal(count, await after.Incidents.CountAsync());
    }

    [Fact]
    public async Task Status_UnknownIncident404_IllegalTransition409_StaleVersion409()
    {
        var client = await ClientAsync(Role.Responder);
        var id = await CreateAsync(client);

        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/incidents/987654/status", new { action = "Acknowledge" }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.GetAsync("/api/v1/incidents/987654"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.PostAsJsonAsync($"/api/v1/incidents/{id}/status", new { action = "Close" }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await client.PostAsJsonAsync($"/api/v1/incidents/{id}/status", new { action = "Acknowledge", expectedVersion = 99 }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await client.PostAsJsonAsync($"/api/v1/incidents/{id}/status", new { }), HttpStatusCode.BadRequest);

        var incident = await client.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
        Assert.Equal("Triggered", incident.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Key_RevokedOrOwnerDisabled_401()
    {
        await app.EnsureServiceAsync();
        var admin = await app.CreateUserAsync($"keyadmin-{Guid.NewGuid():N}@example.test", Role.Admin);
        var owner = await app.CreateUserAsync($"owner-{Guid.NewGuid():N}@example.test", Role.Responder);
        var keys = app.Services.GetRequiredService<ManageApiKeys>();
        var actor = new Actor(owner.Id, owner.DisplayName);
        var (_, revoked) = await keys.CreateAsync(actor, "to revoke");
        var (_, kept) = await keys.CreateAsync(actor, "kept");
        var revokedId = (await keys.ListAsync(owner.Id)).Single(k => k.Name == "to revoke").Id;

        await keys.RevokeAsync(actor, revokedId);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", revoked);
        await AssertProblemAsync(await client.GetAsync("/api/v1/incidents"), HttpStatusCode.Unauthorized);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", kept);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/incidents")).StatusCode);
        await app.Services.GetRequiredService<DisableUser>().HandleAsync(owner.Id, admin.Id);
        await AssertProblemAsync(await client.GetAsync("/api/v1/incidents"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiKey_Stored_OnlyHashAndPrefix()
    {
        var owner = await app.CreateUserAsync($"hash-{Guid.NewGuid():N}@example.test", Role.Viewer);
        var (_, key) = await app.Services.GetRequiredService<ManageApiKeys>().CreateAsync(new Actor(owner.Id, "x"), "k");

        await using var db = await app.NewDbContextAsync();
        var stored = await db.ApiKeys.SingleAsync(k => k.UserId == owner.Id);
        Assert.NotEqual(key, stored.KeyHash);
        Assert.DoesNotContain(key![13..], stored.KeyHash, StringComparison.Ordinal);
        Assert.Equal(64, stored.KeyHash.Length);
    }

    [Fact]
    public async Task OpenApi_Document_ListsIncidentEndpoints()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/incidents", out _));
        Assert.True(paths.TryGetProperty("/api/v1/incidents/{id}/status", out _));
    }
    public static TheoryData<string, string, string> InvalidCreates() => new()
    {
        { "impact out of range", """{"title":"x","service":"checkout-api","impact":5,"urgency":"Low"}""", "impact" },
        { "impact unknown name", """{"title":"x","service":"checkout-api","impact":"Huge","urgency":"Low"}""", "impact" },
        { "urgency wrong type", """{"title":"x","service":"checkout-api","impact":"Low","urgency":true}""", "urgency" },
        { "null tag", """{"title":"x","service":"checkout-api","impact":"Low","urgency":"Low","tags":[null]}""", "tags[0]" },
        { "tags not an array", """{"title":"x","service":"checkout-api","impact":"Low","urgency":"Low","tags":"db"}""", "tags" },
        { "title too long", $$"""{"title":"{{new string('t', 201)}}","service":"checkout-api","impact":"Low","urgency":"Low"}""", "title" },
        { "description too long", $$"""{"title":"x","description":"{{new string('d', 20_001)}}","service":"checkout-api","impact":"Low","urgency":"Low"}""", "description" },
        { "customer reference too long", $$"""{"title":"x","customerReference":"{{new string('c', 101)}}","service":"checkout-api","impact":"Low","urgency":"Low"}""", "customerReference" },
        { "title wrong type", """{"title":42,"service":"checkout-api","impact":"Low","urgency":"Low"}""", "title" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public async Task Create_InvalidField_400NamingItAndNothingStored(string what, string json, string field)
    {
        var client = await ClientAsync(Role.Responder);
        await using var before = await app.NewDbContextAsync();
        var count = await before.Incidents.CountAsync();

        var response = await client.PostAsync("/api/v1/incidents", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{what}: {problem}");
        await using var after = await app.NewDbContextAsync();
        Assert.Equal(count, await after.Incidents.CountAsync());
    }

    [Fact]
    public async Task Create_TenMegabyteDescription_RefusedNotStored()
    {
        var client = await ClientAsync(Role.Responder);

        var response = await client.PostAsJsonAsync("/api/v1/incidents", new { title = "huge", description = new string('d', 10_000_000), service = "checkout-api", impact = "Low", urgency = "Low" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = await app.NewDbContextAsync();
        Assert.False(await db.Incidents.AnyAsync(i => i.Title == "huge"));
    }

    [Theory]
    [InlineData("""{"action":99}""", "action")]
    [InlineData("""{"action":"Explode"}""", "action")]
    [InlineData("""{"action":"Acknowledge","expectedVersion":"one"}""", "expectedVersion")]
    public async Task ChangeStatus_ActionOutOfRange_400NamingIt(string json, string field)
    {
        var client = await ClientAsync(Role.Responder);
        var id = await CreateAsync(client);

        var response = await client.PostAsync($"/api/v1/incidents/{id}/status", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("notes", 20_001)]
    [InlineData("status-updates", 5_001)]
    public async Task NoteOrStatusUpdate_OverItsLimit_400NamingTextNothingStored(string path, int length)
    {
        var client = await ClientAsync(Role.Responder);
        var id = await CreateAsync(client);

        var response = await client.PostAsJsonAsync($"/api/v1/incidents/{id}/{path}", new { text = new string('n', length) });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
        await using var db = await app.NewDbContextAsync();
        Assert.False(await db.Timeline.AnyAsync(t => t.IncidentId == id && t.Text.Length >= length));
    }

    [Fact]
    public async Task UnknownApiPath_ProblemNotHtml()
    {
        var client = await ClientAsync(Role.Responder);

        var response = await client.GetAsync("/api/v1/nothing-here");

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Unauthorized });
        Assert.DoesNotContain("html", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
    }
}
