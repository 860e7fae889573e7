using System.Net;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Web.Features.Postmortems.Edit;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Postmortems;

/// <summary>
/// Who may do what with a postmortem: Admins, Responders and Developers write, send for review, publish and schedule;
/// Support comments too; everyone reads and exports. Anonymous visitors get nothing.
/// </summary>
public sealed class PostmortemAccessTests : IClassFixture<PostmortemAccessTests.App>
{
    private readonly App app;

    public PostmortemAccessTests(App app) => this.app = app;

    public sealed class App : TestApp
    {
        public Task<(long Draft, long InReview)> SeedAsync() => SeedOnceAsync(async () =>
        {
            var service = await CreateServiceAsync("ledger");
            var user = await CreateUserAsync("commander@example.test", Role.Responder);
            var commander = new Actor(user.Id, "commander");
            var (_, draft) = await PostmortemScenario.ResolvedAsync(this, service, commander);
            var (_, inReview) = await PostmortemScenario.ResolvedAsync(this, service, commander);
            var edit = Services.GetRequiredService<EditPostmortem>();
            var pm = (await Services.GetRequiredService<ShowPostmortem>().HandleAsync(inReview!.Value))!;
            var (_, version) = await edit.SaveAsync(pm.Id, pm.Content with { CustomerImpact = "Refunds were late." }, pm.Version, commander);
            Assert.True((await edit.StepAsync(pm.Id, PostmortemStep.Submit, version, commander)).Succeeded);
            return (draft!.Value, inReview.Value);
        });
    }

    public static TheoryData<Role> AllRoles() => [.. Roles.All];

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task Buttons_PerRole_OnlyForWhoMayUseThem(Role role)
    {
        var (draft, inReview) = await app.SeedAsync();
        var browser = await app.SignedInAsAsync(role);
        var writes = role is Role.Admin or Role.Responder or Role.Developer;
        var reviews = writes || role is Role.Support;

        var draftPage = await browser.GetStringAsync($"/postmortems/{draft}");
        var reviewPage = await browser.GetStringAsync($"/postmortems/{inReview}");
        var export = await browser.GetAsync($"/postmortems/{inReview}/export.md");

        Assert.Contains("data-testid=\"postmortem-heading\"", draftPage, StringComparison.Ordinal);
        Assert.Equal(writes, draftPage.Contains("data-testid=\"pm-submit\"", StringComparison.Ordinal));
        Assert.Equal(writes, draftPage.Contains("data-testid=\"input-summary\"", StringComparison.Ordinal));
        Assert.Equal(writes, draftPage.Contains("data-testid=\"schedule-review\"", StringComparison.Ordinal));
        Assert.Equal(writes, reviewPage.Contains("data-testid=\"pm-publish\"", StringComparison.Ordinal));
        Assert.Equal(reviews, reviewPage.Contains("data-testid=\"comment-summary\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.StartsWith("# Postmortem: INC-", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Anonymous_NotServed()
    {
        var (_, inReview) = await app.SeedAsync();

        var response = await app.CreateBrowser().GetAsync($"/postmortems/{inReview}/export.md");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("# Postmortem", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
