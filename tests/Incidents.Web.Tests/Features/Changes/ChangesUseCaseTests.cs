using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Web.Features.ApiKeys.Manage;
using Incidents.Web.Features.Changes.Manage;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

/// <summary>The app the change tests share: every deployment source configured, and helpers that record changes the way people do.</summary>
public sealed class ChangesApp() : TestApp(new Dictionary<string, string?>
{
    ["Changes:GitHubWebhookSecret"] = ChangesUseCaseTests.GitHubSecret,
    ["Changes:AzureDevOpsSecret"] = ChangesUseCaseTests.AzureSecret,
});

public abstract class ChangesUseCaseTests : IClassFixture<ChangesApp>
{
    public const string GitHubSecret = "It's a Secret to Everybody";
    public const string AzureSecret = "azure-hook-secret";

    private protected ChangesUseCaseTests(ChangesApp app) => App = app;

    private protected ChangesApp App { get; }

    private protected ManageChanges Manage => App.Services.GetRequiredService<ManageChanges>();

    private protected static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "deployments", name));

    /// <summary>A service of its own for each test (the fixture is shared), optionally deployed from a GitHub repository.</summary>
    private protected async Task<long> ServiceAsync(string? repository = null)
    {
        var id = await App.CreateServiceAsync($"svc-{Guid.NewGuid():N}"[..20]);
        if (repository is not null)
        {
            await using var db = await App.NewDbContextAsync();
            var service = await db.Services.SingleAsync(s => s.Id == id);
            service.DeploymentRepository = repository.ToLowerInvariant();
            await db.SaveChangesAsync();
        }

        return id;
    }

    private protected async Task<string> SlugAsync(long serviceId)
    {
        await using var db = await App.NewDbContextAsync();
        return await db.Services.Where(s => s.Id == serviceId).Select(s => s.Slug).SingleAsync();
    }

    /// <summary>A person (with a user id the handlers can look up) holding <paramref name="roles"/>.</summary>
    private protected async Task<Actor> PersonAsync(params Role[] roles)
    {
        var actor = new Actor($"p-{Guid.NewGuid():N}", "Person " + Guid.NewGuid().ToString("N")[..4]);
        await App.CreatePersonAsync(actor, roles);
        return actor;
    }

    /// <summary>A normal change to <paramref name="serviceId"/>, submitted by one person and approved by an Admin.</summary>
    private protected async Task<long> ApprovedChangeAsync(long serviceId, DateTimeOffset? plannedStart = null, DateTimeOffset? plannedEnd = null)
    {
        var requester = await PersonAsync(Role.Developer);
        var approver = await PersonAsync(Role.Admin);
        var (recorded, id) = await Manage.RecordAsync(new ChangeRequest(serviceId, "Upgrade the payment SDK", ChangeKind.Deployment, ChangeType.Normal, ChangeRisk.Low,
            PlannedStart: plannedStart, PlannedEnd: plannedEnd), requester, ChangeSource.Portal, submit: true);
        Assert.True(recorded.Succeeded, recorded.Error);
        var approved = await Manage.ActAsync(id!.Value, ChangeAction.Approve, approver, "Looks good");
        Assert.True(approved.Succeeded, approved.Error);
        return id.Value;
    }

    private protected async Task<Change> ChangeAsync(long id)
    {
        await using var db = await App.NewDbContextAsync();
        return await db.Changes.AsNoTracking().Include(c => c.Approvals).SingleAsync(c => c.Id == id);
    }

    private protected async Task<List<Change>> ChangesOfAsync(long serviceId)
    {
        await using var db = await App.NewDbContextAsync();
        return await db.Changes.AsNoTracking().Include(c => c.Approvals).Where(c => c.ServiceId == serviceId).OrderBy(c => c.Id).ToListAsync();
    }

    private protected static HttpRequestMessage GitHubDelivery(string body, string secret = GitHubSecret, string gitHubEvent = "deployment_status")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/changes/hooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", gitHubEvent);
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        return request;
    }

    /// <summary>The published GitHub sample, for another repository, deployment, state or environment.</summary>
    private protected static string GitHubEvent(string repository, long deploymentId, string state, string environment = "production")
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Sample("github-deployment_status-success.trimmed.json"))!;
        json["repository"]!["full_name"] = repository;
        json["deployment"]!["id"] = deploymentId;
        json["deployment"]!["environment"] = environment;
        json["deployment_status"]!["state"] = state;
        json["deployment_status"]!["environment"] = environment;
        return json.ToJsonString();
    }

    private protected async Task<HttpClient> ApiClientAsync(params Role[] roles)
    {
        var user = await App.CreateUserAsync($"api-{Guid.NewGuid():N}@example.test", roles);
        var (_, key) = await App.Services.GetRequiredService<ManageApiKeys>().CreateAsync(new Actor(user.Id, user.DisplayName), "test");
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
