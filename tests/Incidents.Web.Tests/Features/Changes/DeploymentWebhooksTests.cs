using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Incidents.Domain.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

public sealed class DeploymentWebhooksTests(ChangesApp app) : ChangesUseCaseTests(app)
{
    [Fact]
    public async Task GitHubSample_NoApprovedChange_RecordedAsABypassAwaitingApproval()
    {
        // Configured in another case than GitHub sends it: repository names ignore case.
        var serviceId = await ServiceAsync("codertocat/hello-world");
        var client = App.CreateClient();

        var response = await client.SendAsync(GitHubDelivery(Sample("github-deployment_status-success.trimmed.json")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("bypassed").GetBoolean());
        var change = Assert.Single(await ChangesOfAsync(serviceId));
        Assert.Equal(ChangeStatus.Completed, change.Status);
        Assert.Equal(ChangeSource.GitHub, change.Source);
        Assert.True(change.Bypassed);
        Assert.Equal("f95f852bd8fca8fcc58a9a2d6c842781e32a215e", change.CommitSha);
        Assert.Equal("master", change.Ref);
        Assert.Equal("Codertocat", change.Implementer);
        Assert.Equal("github:Codertocat/Hello-World:145988746", change.ExternalKey);
        Assert.True(change.AwaitsApprovalAfterTheFact);
    }

    [Fact]
    public async Task GitHub_RepositoryNamedInAnotherCaseOnTheServiceForm_StillTheServicesDeployment()
    {
        var services = App.Services.GetRequiredService<Incidents.Web.Features.Catalog.Services.ManageServices>();
        var serviceId = await ServiceAsync();
        var row = (await services.ListAsync()).Single(s => s.Id == serviceId);
        var name = $"Acme/Mixed-{Guid.NewGuid():N}"[..20];
        var (saved, _) = await services.SaveAsync(serviceId, new Incidents.Web.Features.Catalog.Services.ServiceInput(row.Name, row.Slug, row.TeamId, row.Tier, row.AvailabilityTarget,
            row.RunbookUrl, row.SlaTargets, DeploymentRepository: name), Incidents.Domain.Actor.System);
        Assert.True(saved.Succeeded, saved.Error);

        var response = await App.CreateClient().SendAsync(GitHubDelivery(GitHubEvent(name.ToUpperInvariant(), 11, "success")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(await ChangesOfAsync(serviceId));
    }

    [Fact]
    public async Task GitHub_InProgressThenSuccess_MovesTheApprovedChange_NoBypass_RedeliveryChangesNothing()
    {
        var repository = $"acme/{Guid.NewGuid():N}";
        var serviceId = await ServiceAsync(repository);
        var approved = await ApprovedChangeAsync(serviceId);
        var client = App.CreateClient();

        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(GitHubDelivery(GitHubEvent(repository, 7, "in_progress")))).StatusCode);
        Assert.Equal(ChangeStatus.InProgress, (await ChangeAsync(approved)).Status);
        App.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(GitHubDelivery(GitHubEvent(repository, 7, "success")))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(GitHubDelivery(GitHubEvent(repository, 7, "success")))).StatusCode);

        var change = Assert.Single(await ChangesOfAsync(serviceId));
        Assert.Equal(approved, change.Id);
        Assert.Equal(ChangeStatus.Completed, change.Status);
        Assert.False(change.Bypassed);
        Assert.Equal(TimeSpan.FromMinutes(4), change.EndedAt - change.StartedAt);
        Assert.True(change.WentThroughProcess(ChangeCompliance.ApprovalDeadline(change, 2)));
    }

    [Fact]
    public async Task GitHub_FailureFailsTheChange_StagingRecordedButNeverABypass()
    {
        var repository = $"acme/{Guid.NewGuid():N}";
        var serviceId = await ServiceAsync(repository);
        var client = App.CreateClient();

        await client.SendAsync(GitHubDelivery(GitHubEvent(repository, 1, "failure")));
        await client.SendAsync(GitHubDelivery(GitHubEvent(repository, 2, "success", environment: "staging")));
        var queued = await client.SendAsync(GitHubDelivery(GitHubEvent(repository, 3, "queued")));

        var changes = await ChangesOfAsync(serviceId);
        Assert.Equal(2, changes.Count);
        Assert.Equal(ChangeStatus.Failed, changes[0].Status);
        Assert.True(changes[0].Bypassed);
        Assert.Equal("staging", changes[1].Environment);
        Assert.False(changes[1].Bypassed);
        Assert.False(ChangeCompliance.Counts(changes[1]));
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Contains("queued", await queued.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong secret")]
    [InlineData(null)]
    public async Task GitHub_BadOrNoSignature_401ProblemAndNothingRecorded(string? secret)
    {
        var serviceId = await ServiceAsync("Codertocat/Hello-World-" + Guid.NewGuid().ToString("N")[..6]);
        var request = GitHubDelivery(Sample("github-deployment_status-success.trimmed.json"), secret ?? "x");
        if (secret is null)
        {
            request.Headers.Remove("X-Hub-Signature-256");
        }

        var response = await App.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await ChangesOfAsync(serviceId));
    }

    [Theory]
    [InlineData("{\"deployment\": {\"id\": 1}, \"deployment\": {\"id\": 2}}", HttpStatusCode.BadRequest)]
    [InlineData("{not json", HttpStatusCode.BadRequest)]
    [InlineData("{\"repository\": {\"full_name\": 5}, \"deployment\": {\"id\": \"x\"}}", HttpStatusCode.BadRequest)]
    public async Task GitHub_MalformedButSigned_400AndNothingRecorded(string body, HttpStatusCode expected)
    {
        await using var db = await App.NewDbContextAsync();
        var before = await db.Changes.CountAsync();

        var response = await App.CreateClient().SendAsync(GitHubDelivery(body));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await db.Changes.CountAsync());
    }

    [Fact]
    public async Task GitHub_InvalidUtf8AndHugeBodies_400And413()
    {
        var invalid = new ByteArrayContent([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]);
        var request = GitHubDelivery("x");
        var signature = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(GitHubSecret), await invalid.ReadAsByteArrayAsync()));
        request.Content = invalid;
        request.Headers.Remove("X-Hub-Signature-256");
        request.Headers.Add("X-Hub-Signature-256", signature);
        Assert.Equal(HttpStatusCode.BadRequest, (await App.CreateClient().SendAsync(request)).StatusCode);

        var huge = await App.CreateClient().SendAsync(GitHubDelivery("{\"a\":\"" + new string('x', 1_100_000) + "\"}"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("application/problem+json", huge.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GitHub_OneRepositoryManyServices_MappedByRepositoryAndEnvironment()
    {
        var repository = $"acme/{Guid.NewGuid():N}";
        var api = await ServiceAsync(repository);
        var web = await ServiceAsync(repository);
        await using (var db = await App.NewDbContextAsync())
        {
            (await db.Services.SingleAsync(s => s.Id == api)).DeploymentEnvironment = "prod-api";
            (await db.Services.SingleAsync(s => s.Id == web)).DeploymentEnvironment = "prod-web";
            await db.SaveChangesAsync();
        }

        var client = App.CreateClient();
        await client.SendAsync(GitHubDelivery(GitHubEvent(repository.ToUpperInvariant(), 11, "success", environment: "Prod-Web")));
        await client.SendAsync(GitHubDelivery(GitHubEvent(repository, 12, "success", environment: "prod-api")));
        var staging = await client.SendAsync(GitHubDelivery(GitHubEvent(repository, 13, "success", environment: "staging")));

        // The environment a service names is its production: counted, and a bypass without an approved change.
        var toWeb = Assert.Single(await ChangesOfAsync(web));
        Assert.Equal((Change.Production, true), (toWeb.Environment, toWeb.Bypassed));
        Assert.Equal($"github:{repository.ToUpperInvariant()}:11", toWeb.ExternalKey);
        Assert.Single(await ChangesOfAsync(api));
        Assert.Equal(HttpStatusCode.Accepted, staging.StatusCode);
        Assert.Contains($"no service of {repository} deploys to the environment 'staging'", await staging.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A service of the repository for any environment takes the rest, recorded under their own names.
        var rest = await ServiceAsync(repository);
        await client.SendAsync(GitHubDelivery(GitHubEvent(repository, 14, "success", environment: "staging")));
        var toRest = Assert.Single(await ChangesOfAsync(rest));
        Assert.Equal(("staging", false), (toRest.Environment, toRest.Bypassed));
        Assert.Single(await ChangesOfAsync(web));
    }

    [Theory]
    [InlineData(null, "prod-eu", "A deployment environment belongs to a deployment repository; name the repository too.")]
    [InlineData("acme/x", "an-environment-name-that-is-far-too-long-to-be-any-real-environment-name-at-all-and-keeps-on-going-on-and-on", "Keep the deployment environment within 100 characters.")]
    public async Task Service_DeploymentEnvironmentWithoutRepositoryOrTooLong_Refused(string? repository, string environment, string error)
    {
        var (_, teamId) = await App.Services.GetRequiredService<Web.Features.Catalog.Teams.ManageTeams>().SaveAsync(null, new($"t-{Guid.NewGuid():N}", null, []), Domain.Actor.System);
        var (outcome, _) = await App.Services.GetRequiredService<Web.Features.Catalog.Services.ManageServices>().SaveAsync(null,
            new($"Svc {Guid.NewGuid():N}", $"s-{Guid.NewGuid():N}"[..20], teamId!.Value, Domain.Catalog.ServiceTier.Tier2, 99.9m, null, Domain.Catalog.SlaTarget.Defaults, null, false, repository, environment), Domain.Actor.System);

        Assert.Equal(error, outcome.Error);
    }

    [Fact]
    public async Task GitHub_UnknownRepositoryOrOtherEvent_AcceptedAndIgnored()
    {
        var unknown = await App.CreateClient().SendAsync(GitHubDelivery(GitHubEvent("nobody/knows", 1, "success")));
        var ping = await App.CreateClient().SendAsync(GitHubDelivery("{\"zen\":\"Keep it logically awesome.\"}", gitHubEvent: "ping"));

        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Contains("no service deploys nobody/knows", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
    }

    private static HttpRequestMessage AzureDelivery(string slug, string body, string? stage = null, string? secret = AzureSecret, bool header = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/changes/hooks/azure-devops/{slug}" + (stage is null ? "" : $"?stage={Uri.EscapeDataString(stage)}"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null && header)
        {
            request.Headers.Add("X-Incidents-Secret", secret);
        }
        else if (secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"azure:{secret}")));
        }

        return request;
    }

    [Fact]
    public async Task AzureDevOps_PipelineStageSample_ProductionStageCompletesABypass_ByBasicOrHeader()
    {
        var serviceId = await ServiceAsync();
        var slug = await SlugAsync(serviceId);
        var body = Sample("azure-devops-stage-state-changed.json");

        var basic = await App.CreateClient().SendAsync(AzureDelivery(slug, body, stage: "__default"));
        var again = await App.CreateClient().SendAsync(AzureDelivery(slug, body, stage: "__default", header: true));

        Assert.Equal(HttpStatusCode.Accepted, basic.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var change = Assert.Single(await ChangesOfAsync(serviceId));
        Assert.Equal(ChangeSource.AzureDevOps, change.Source);
        Assert.Equal(Change.Production, change.Environment);
        Assert.Equal(ChangeStatus.Completed, change.Status);
        Assert.True(change.Bypassed);
        Assert.Equal("TEST-CI run 2, stage __default", change.Title);
        Assert.Equal("https://codedev.ms/org/863d0a5b-3c91-4bf3-8ad7-7f33736b7f4c/_build/results?buildId=2", change.Url);
    }

    [Fact]
    public async Task AzureDevOps_ClassicReleaseSample_DevEnvironmentRecordedNotCounted_ProductionWhenConfigured()
    {
        var serviceId = await ServiceAsync();
        var slug = await SlugAsync(serviceId);
        var body = Sample("azure-devops-release-deployment-completed.trimmed.json");

        await App.CreateClient().SendAsync(AzureDelivery(slug, body));
        var dev = Assert.Single(await ChangesOfAsync(serviceId));
        Assert.Equal("dev", dev.Environment);
        Assert.False(dev.Bypassed);
        Assert.Equal("Release-1 to Dev", dev.Title);
        Assert.Equal("Chuck Reinhart", dev.Implementer);

        var other = await ServiceAsync();
        await App.CreateClient().SendAsync(AzureDelivery(await SlugAsync(other), body, stage: "Dev"));
        var production = Assert.Single(await ChangesOfAsync(other));
        Assert.Equal(Change.Production, production.Environment);
        Assert.True(production.Bypassed);
    }

    [Fact]
    public async Task AzureDevOps_WrongSecretUnknownServiceOrOtherEvent_401_404_Ignored()
    {
        var serviceId = await ServiceAsync();
        var slug = await SlugAsync(serviceId);
        var body = Sample("azure-devops-stage-state-changed.json");

        var wrong = await App.CreateClient().SendAsync(AzureDelivery(slug, body, secret: "nope"));
        var none = await App.CreateClient().SendAsync(AzureDelivery(slug, body, secret: null));
        var unknown = await App.CreateClient().SendAsync(AzureDelivery("no-such-service", body));
        var other = await App.CreateClient().SendAsync(AzureDelivery(slug, "{\"eventType\":\"git.push\",\"resource\":{}}"));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        Assert.Empty(await ChangesOfAsync(serviceId));
    }
}
