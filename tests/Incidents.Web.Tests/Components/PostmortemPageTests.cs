using Bunit;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Web.Features.Postmortems.Edit;
using Incidents.Web.Tests.Features.Postmortems;
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

        page.WaitForAssertion(() => Assert.Contains("Saved", page.Find("[data-testid=save-state]").TextContent, StringComparison.Ordinal));
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
}
