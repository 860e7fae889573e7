using Incidents.Domain.Postmortems;

namespace Incidents.Domain.Tests.Postmortems;

public sealed class PostmortemSectionTests
{
    private static readonly PostmortemContent Empty = new(null, null, [], null, null, null, null);

    [Fact]
    public void All_InReadingOrder_KeysUnique()
    {
        Assert.Equal(["summary", "impact", "timeline", "rootcause", "wentwell", "wentbadly", "lucky", "countermeasures"], PostmortemSection.All.Select(s => s.Key));
        Assert.Equal(PostmortemSection.All.Count, PostmortemSection.All.Select(s => s.Title).Distinct().Count());
    }

    [Fact]
    public void TextSections_WriteThenRead_EachItsOwnField()
    {
        var content = Empty;
        foreach (var section in PostmortemSection.All.Where(s => s.Kind == PostmortemSectionKind.Text))
        {
            content = section.Write(content, section.Key + " text");
        }

        Assert.Equal(("summary text", "impact text", "rootcause text", "wentwell text", "wentbadly text", "lucky text"),
            (content.Summary, content.CustomerImpact, content.RootCause, content.WentWell, content.WentBadly, content.GotLucky));
        Assert.All(PostmortemSection.All.Where(s => s.Kind == PostmortemSectionKind.Text), s => Assert.Equal(s.Key + " text", s.Read(content)));
    }

    [Theory]
    [InlineData("rootcause", true)]
    [InlineData("countermeasures", true)]
    [InlineData("nowhere", false)]
    [InlineData("Summary", false)]
    public void Exists_OnlyTheSectionsKeys(string key, bool exists) => Assert.Equal(exists, PostmortemSection.Exists(key));
}
