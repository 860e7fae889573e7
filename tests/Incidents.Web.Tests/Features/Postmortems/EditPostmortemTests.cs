using Incidents.Domain;
using Incidents.Domain.Postmortems;
using Incidents.Web.Features.Postmortems.Edit;

namespace Incidents.Web.Tests.Features.Postmortems;

/// <summary>Editing a postmortem: autosave, stale versions, publishing (<see cref="Web.Features.Postmortems.Edit.EditPostmortem"/>).</summary>
public sealed class EditPostmortemTests : PostmortemUseCaseTests
{
    private async Task<long> PostmortemAsync()
    {
        var (_, id) = await PostmortemScenario.ResolvedAsync(app, serviceId, ana);
        return id!.Value;
    }

    private async Task<PostmortemDetails> ShowAsync(long id) => (await Get<ShowPostmortem>().HandleAsync(id))!;

    [Fact]
    public async Task Save_OnAStaleVersion_ConflictNamesWhoChangedIt()
    {
        var id = await PostmortemAsync();
        var edit = Get<EditPostmortem>();
        var pm = await ShowAsync(id);

        var (saved, _) = await edit.SaveAsync(id, pm.Content with { CustomerImpact = "12 % of card payments failed for 40 minutes." }, pm.Version, ana);
        var (stale, _) = await edit.SaveAsync(id, pm.Content with { Summary = "lost" }, pm.Version, bob);

        Assert.True(saved.Succeeded);
        Assert.Equal(OutcomeKind.Conflict, stale.Kind);
        Assert.Contains("ana", stale.Error, StringComparison.Ordinal);
        Assert.Equal("12 % of card payments failed for 40 minutes.", (await ShowAsync(id)).Content.CustomerImpact);
    }

    [Fact]
    public async Task Comment_OnASectionThatDoesNotExist_Invalid()
    {
        var id = await PostmortemAsync();
        var edit = Get<EditPostmortem>();

        Assert.True((await edit.CommentAsync(id, "impact", "Which region?", bob)).Succeeded);
        Assert.Equal(OutcomeKind.Invalid, (await edit.CommentAsync(id, "nowhere", "x", bob)).Kind);
    }

    [Fact]
    public async Task Publish_WithoutARootCause_Invalid_WithOne_Published()
    {
        var id = await PostmortemAsync();
        var edit = Get<EditPostmortem>();
        var pm = await ShowAsync(id);
        var (_, drafted) = await edit.SaveAsync(id, pm.Content with { CustomerImpact = "12 % of card payments failed." }, pm.Version, ana);
        Assert.True((await edit.StepAsync(id, PostmortemStep.Submit, drafted, ana)).Succeeded);
        pm = await ShowAsync(id);

        var withoutRootCause = await edit.StepAsync(id, PostmortemStep.Publish, pm.Version, ana);
        var (_, version) = await edit.SaveAsync(id, pm.Content with { RootCause = "Retries leak pooled connections." }, pm.Version, ana);
        var withRootCause = await edit.StepAsync(id, PostmortemStep.Publish, version, ana);

        Assert.Equal(OutcomeKind.Invalid, withoutRootCause.Kind);
        Assert.True(withRootCause.Succeeded);
        Assert.Equal(PostmortemStatus.Published, (await ShowAsync(id)).Status);
    }

    [Fact]
    public async Task Publish_BeforeTheScheduledReview_OnlyTheOwnerWithAReason_WhichTheViewKeeps()
    {
        var id = await PostmortemAsync();
        var edit = Get<EditPostmortem>();
        var pm = await ShowAsync(id);
        var (_, version) = await edit.SaveAsync(id, pm.Content with { RootCause = "Retries leak pooled connections.", CustomerImpact = "12 % of card payments failed." }, pm.Version, ana);
        Assert.True((await edit.AssignOwnerAsync(id, ana.Id, version, ana)).Succeeded);
        Assert.True((await edit.StepAsync(id, PostmortemStep.Submit, (await ShowAsync(id)).Version, ana)).Succeeded);
        var (scheduled, _) = await Get<Web.Features.Postmortems.Meeting.ScheduleReview>().ScheduleAsync(id,
            new(app.Clock.GetUtcNow().AddDays(2), 60, null, "https://meet.example/x", [ana.Id!, bob.Id!]), ana);
        Assert.True(scheduled.Succeeded, scheduled.Error);
        version = (await ShowAsync(id)).Version;

        Assert.Equal(OutcomeKind.Forbidden, (await edit.StepAsync(id, PostmortemStep.Publish, version, bob, "Looks done")).Kind);
        Assert.Equal(OutcomeKind.Invalid, (await edit.StepAsync(id, PostmortemStep.Publish, version, ana)).Kind);
        Assert.Equal(PostmortemStatus.InReview, (await ShowAsync(id)).Status);
        Assert.True((await edit.StepAsync(id, PostmortemStep.Publish, version, ana, "The customer's contract asks for it within 3 days")).Succeeded);

        pm = await ShowAsync(id);
        Assert.Equal(PostmortemStatus.Published, pm.Status);
        Assert.Equal("The customer's contract asks for it within 3 days", pm.PublishedEarlyBecause);
    }

    [Fact]
    public async Task Published_EditsAndCommentsRefused_ExportHasEverySection()
    {
        var id = await PostmortemAsync();
        var edit = Get<EditPostmortem>();
        var pm = await ShowAsync(id);
        var (_, version) = await edit.SaveAsync(id, pm.Content with { RootCause = "Retries leak pooled connections.", CustomerImpact = "12 % of card payments failed." }, pm.Version, ana);
        Assert.True((await edit.StepAsync(id, PostmortemStep.Submit, version, ana)).Succeeded);
        Assert.True((await edit.StepAsync(id, PostmortemStep.Publish, (await ShowAsync(id)).Version, ana)).Succeeded);
        pm = await ShowAsync(id);

        Assert.Equal(OutcomeKind.Conflict, (await edit.SaveAsync(id, pm.Content, pm.Version, ana)).Outcome.Kind);
        Assert.Equal(OutcomeKind.Conflict, (await edit.CommentAsync(id, "summary", "late", bob)).Kind);
        var markdown = Web.Features.Postmortems.Export.ExportPostmortem.Markdown(pm);
        Assert.Equal(Domain.Postmortems.PostmortemSection.All.Select(s => "## " + s.Title),
            markdown.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)));
        Assert.Contains("Retries leak pooled connections.", markdown, StringComparison.Ordinal);
        Assert.Contains("12 % of card payments failed.", markdown, StringComparison.Ordinal);
    }
}
