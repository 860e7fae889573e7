using Bunit;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Problems;
using Incidents.Web.Features.Postmortems.Edit;
using Incidents.Web.Features.Problems.Backlog;
using Incidents.Web.Features.Problems.Countermeasures;
using Incidents.Web.Tests.Features.Postmortems;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Components;

/// <summary>
/// The postmortem page rendered on the app's own services and database, with the fake clock driving autosave: what the
/// writer types is kept, also when another action reloads the page.
/// </summary>
public sealed class PostmortemPageTests : AppPageTestContext
{
    private Actor ana = null!;
    private long postmortemId;

    private async Task<IRenderedComponent<PostmortemPage>> OpenAsync(bool inReview = false)
    {
        var serviceId = await App.CreateServiceAsync("payments");
        ana = await SignInAsync("ana@example.test", Role.Responder);
        (_, var id) = await PostmortemScenario.ResolvedAsync(App, serviceId, ana);
        postmortemId = id!.Value;
        if (inReview)
        {
            var edit = App.Services.GetRequiredService<EditPostmortem>();
            var draft = await StoredAsync();
            var (saved, version) = await edit.SaveAsync(postmortemId, draft.Content with { Summary = "Card payments failed.", CustomerImpact = "12 % of payments." }, draft.Version, ana);
            Assert.True(saved.Succeeded, saved.Error);
            Assert.True((await edit.StepAsync(postmortemId, PostmortemStep.Submit, version, ana)).Succeeded);
        }

        return Bunit.Render<PostmortemPage>(p => p.Add(page => page.Id, postmortemId));
    }

    private async Task<PostmortemDetails> StoredAsync() => (await App.Services.GetRequiredService<ShowPostmortem>().HandleAsync(postmortemId))!;

    [Fact]
    public async Task Typing_SavedOnceTheTypingStops()
    {
        var page = await OpenAsync();
        var drafted = (await StoredAsync()).Summary;
        page.WaitForElement("textarea[data-testid=input-summary]").Input("Card payments failed for 40 minutes.");

        // Nothing is saved while the writer may still be typing.
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(drafted, (await StoredAsync()).Summary);
        App.Clock.Advance(TimeSpan.FromSeconds(1));

        // The save runs on the fake clock's timer, then writes to SQLite: under a full parallel test run that can take seconds.
        page.WaitForAssertion(() => Assert.Contains("Saved", page.Find("[data-testid=save-state]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        Assert.Equal("Card payments failed for 40 minutes.", (await StoredAsync()).Summary);
    }

    [Fact]
    public async Task CommentOnASection_ShownUnderIt()
    {
        var page = await OpenAsync(inReview: true);

        page.WaitForElement("input[data-testid=comment-impact]").Input("Which region?");
        page.Find("[data-testid=comment-add-impact]").Click();

        page.WaitForAssertion(() => Assert.Contains("Which region?", page.Find("[data-testid=section-impact]").TextContent, StringComparison.Ordinal));
        Assert.Equal(["impact"], (await StoredAsync()).Comments.Select(c => c.Section));
    }

    [Fact]
    public async Task PushFromThePage_TypingSavedFirst_ThenTheIssueLinked()
    {
        await using var github = new LoopbackWebhookReceiver();
        github.Responder = r => r.Method == "POST"
            ? new(201, """{"id":1,"number":42,"html_url":"https://github.com/acme/payments/issues/42","state":"open","state_reason":null}""")
            : null;
        var page = await OpenAsync();
        var teamId = (await StoredAsync()).TeamId;
        var connected = await App.Services.GetRequiredService<ManageBacklogConnections>().SaveAsync(teamId,
            new BacklogConnectionInput(BacklogSystem.GitHub, github.Url("/gh"), "acme/payments", null, "incident-countermeasure", "github_pat_test"), Actor.System);
        Assert.True(connected.Succeeded, connected.Error);
        var (added, countermeasure) = await App.Services.GetRequiredService<ManageCountermeasures>().AddAsync(
            new CountermeasureInput("Renew certificates before they expire", null, CountermeasureKind.SoftwareFix, null, null, 1, teamId, null, postmortemId), ana);
        Assert.True(added.Succeeded, added.Error);
        page = Bunit.Render<PostmortemPage>(p => p.Add(x => x.Id, postmortemId));

        page.WaitForElement("textarea[data-testid=input-summary]").Input("The card processor's intermediate certificate expired.");
        page.WaitForElement("[data-testid=push-to-backlog]").Click();

        page.WaitForAssertion(() => Assert.Contains("GitHub issue #42", page.Find("[data-testid=backlog-link]").TextContent, StringComparison.Ordinal));
        // Pushed within the autosave's 1.5 s, and nothing of the typing lost to the reload that followed.
        Assert.Equal("The card processor's intermediate certificate expired.", (await StoredAsync()).Summary);
        Assert.Equal("/gh/repos/acme/payments/issues", Assert.Single(github.Received).Path);
        Assert.NotNull(countermeasure);
    }
}
