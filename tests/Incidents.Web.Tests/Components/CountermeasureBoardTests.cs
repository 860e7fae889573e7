using Bunit;
using Incidents.Domain.Problems;
using Incidents.Web.Features.Problems.Board;
using Incidents.Web.Features.Problems.Countermeasures;
using MudBlazor;

namespace Incidents.Web.Tests.Components;

public sealed class CountermeasureBoardTests : ComponentTestContext
{
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly Dictionary<CountermeasureState, int> Limits = new() { [CountermeasureState.Accepted] = 10, [CountermeasureState.InProgress] = 5 };

    private static CountermeasureRow Row(long id, CountermeasureState state, DateOnly? due = null, bool ineffective = false) => new(
        id, $"Countermeasure {id}", null, CountermeasureKind.SoftwareFix, state, 2, due, "u1", "Olivia", 1, "Payments", 7, "Pool leaks", null,
        ineffective, null, null, null, null, null, DateTimeOffset.UnixEpoch, 1);

    private IRenderedComponent<CountermeasureBoard> Render(IReadOnlyList<CountermeasureRow> items, bool canMove = true, List<CountermeasureMove>? moves = null) =>
        Bunit.Render<CountermeasureBoard>(p => p
            .Add(b => b.Items, items)
            .Add(b => b.WipLimits, Limits)
            .Add(b => b.CanMove, canMove)
            .Add(b => b.Today, Today)
            .Add(b => b.OnMove, (CountermeasureMove move) => moves?.Add(move)));

    [Fact]
    public void Board_ColumnOverItsWipLimit_MarkedWithCountAndLimit()
    {
        var items = Enumerable.Range(1, 6).Select(i => Row(i, CountermeasureState.InProgress))
            .Concat([Row(7, CountermeasureState.Accepted), Row(8, CountermeasureState.Accepted), Row(9, CountermeasureState.Proposed)]).ToList();

        var board = Render(items);

        var inProgress = board.Find("[data-testid=column-InProgress]");
        Assert.Equal("true", inProgress.GetAttribute("data-over-limit"));
        Assert.Contains("cm-over-limit", inProgress.ClassName, StringComparison.Ordinal);
        Assert.Equal("6 / 5", inProgress.QuerySelector("[data-testid=wip-over]")!.TextContent.Trim());
        var accepted = board.Find("[data-testid=column-Accepted]");
        Assert.Equal("false", accepted.GetAttribute("data-over-limit"));
        Assert.Equal("2 / 10", accepted.QuerySelector("[data-testid=wip-count]")!.TextContent.Trim());
        // A column without a limit shows its count only.
        Assert.Equal("1", board.Find("[data-testid=column-Proposed] [data-testid=wip-count]").TextContent.Trim());
        Assert.Equal(6, inProgress.QuerySelectorAll("[data-testid=countermeasure-card]").Length);
        Assert.Empty(board.FindAll("[data-testid=column-Rejected]"));
    }

    [Fact]
    public void Board_AtTheLimit_NotOver()
    {
        var board = Render(Enumerable.Range(1, 5).Select(i => Row(i, CountermeasureState.InProgress)).ToList());

        Assert.Equal("false", board.Find("[data-testid=column-InProgress]").GetAttribute("data-over-limit"));
        Assert.Empty(board.FindAll("[data-testid=wip-over]"));
    }

    [Fact]
    public void Card_OverdueAndIneffective_Flagged()
    {
        var board = Render([Row(1, CountermeasureState.InProgress, Today.AddDays(-1), ineffective: true), Row(2, CountermeasureState.InProgress, Today.AddDays(3))]);

        Assert.Single(board.FindAll("[data-testid=overdue]"));
        Assert.Single(board.FindAll("[data-testid=ineffective]"));
    }

    [Fact]
    public void CardMenu_OffersOnlyLegalMoves_AndReportsTheChoice()
    {
        var moves = new List<CountermeasureMove>();
        var provider = Bunit.Render<MudPopoverProvider>();
        var board = Render([Row(1, CountermeasureState.Accepted)], moves: moves);

        board.Find("[data-testid=card-menu] button").Click();
        var items = provider.FindAll(".mud-menu-item").Select(i => i.TextContent.Trim()).ToList();

        Assert.Equal(["Move to Proposed", "Move to In progress", "Move to Rejected"], items);
        provider.FindAll(".mud-menu-item").Single(i => i.TextContent.Contains("In progress", StringComparison.Ordinal)).Click();
        board.WaitForAssertion(() => Assert.Equal([new CountermeasureMove(1, CountermeasureState.InProgress)], moves), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Board_WithoutPermission_NoMenus()
    {
        var board = Render([Row(1, CountermeasureState.Accepted)], canMove: false);

        Assert.Empty(board.FindAll("[data-testid=card-menu]"));
        Assert.Single(board.FindAll("[data-testid=countermeasure-card]"));
    }
}
