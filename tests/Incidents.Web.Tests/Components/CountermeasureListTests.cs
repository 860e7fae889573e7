using Bunit;
using Incidents.Domain.Problems;
using Incidents.Web.Features.Problems.Countermeasures;
using Microsoft.AspNetCore.Components;

namespace Incidents.Web.Tests.Components;

/// <summary>The one countermeasure list the problem and postmortem pages show.</summary>
public sealed class CountermeasureListTests : ComponentTestContext
{
    private static CountermeasureRow Row(long id, CountermeasureKind kind = CountermeasureKind.SoftwareFix, long? team = 1, string? url = null) => new(
        id, $"Countermeasure {id}", null, kind, CountermeasureState.Accepted, 2, null, "u1", "Olivia", team, "Payments", 7, "Pool leaks", null,
        false, url is null ? null : BacklogSystem.GitHub, url is null ? null : "101", url, url is null ? null : "open", null, DateTimeOffset.UnixEpoch, 1);

    private IRenderedComponent<CountermeasureList> Render(IReadOnlyList<CountermeasureRow> items, bool canPush, bool canManage, List<long>? pushed = null,
        List<(long, CountermeasureState)>? moved = null) =>
        Bunit.Render<CountermeasureList>(p => p
            .Add(l => l.Items, items)
            .Add(l => l.Connected, new HashSet<long> { 1 })
            .Add(l => l.CanPush, canPush)
            .Add(l => l.CanManage, canManage)
            .Add(l => l.OnPush, (long id) => pushed?.Add(id))
            .Add(l => l.OnMove, ((long Id, CountermeasureState To) m) => moved?.Add((m.Id, m.To)))
            .Add(l => l.Empty, (RenderFragment)(b => b.AddMarkupContent(0, "<p data-testid=\"none\">None yet.</p>"))));

    [Fact]
    public void PushClicked_AsksToPushThatCountermeasure()
    {
        var pushed = new List<long>();
        var list = Render([Row(3), Row(4, CountermeasureKind.ProcessTraining)], canPush: true, canManage: false, pushed);

        // Only software fixes go to a backlog; a process change has no push button.
        var buttons = list.FindAll("[data-testid=push-to-backlog]");
        Assert.Single(buttons);
        buttons[0].Click();

        Assert.Equal([3L], pushed);
        Assert.Empty(list.FindAll("[data-testid=cm-move]"));
    }

    [Fact]
    public void TeamWithoutBacklog_PushDisabledAndSaysWhy()
    {
        var list = Render([Row(3, team: 2)], canPush: true, canManage: true);

        Assert.True(list.Find("[data-testid=push-to-backlog]").HasAttribute("disabled"));
        Assert.Contains("no backlog connection", list.Markup, StringComparison.Ordinal);
        Assert.Single(list.FindAll("[data-testid=cm-move]"));
    }

    [Fact]
    public void Pushed_ShowsItsBacklogItem_NoPushButton()
    {
        var list = Render([Row(3, url: "https://github.test/acme/payments/issues/101")], canPush: true, canManage: false);

        Assert.Contains("GitHub issue #101 · open", list.Find("[data-testid=backlog-link]").TextContent, StringComparison.Ordinal);
        Assert.Empty(list.FindAll("[data-testid=push-to-backlog]"));
    }

    [Fact]
    public void NoneYet_ShowsTheEmptyText_ReaderSeesNoActions()
    {
        Assert.Single(Render([], canPush: true, canManage: true).FindAll("[data-testid=none]"));

        var reader = Render([Row(3)], canPush: false, canManage: false);
        Assert.Single(reader.FindAll("[data-testid=countermeasure-row]"));
        Assert.Empty(reader.FindAll("button"));
    }
}
