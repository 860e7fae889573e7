using Incidents.Web.Features.Alerts.List;

namespace Incidents.Web.Tests.Features.Alerts;

/// <summary>An alert's details as lines a person reads (<see cref="AlertDetails"/>).</summary>
public sealed class AlertDetailsTests
{
    [Fact]
    public void Flatten_NestedObjects_DottedKeys_OtherValuesAsTheirJson()
    {
        var lines = AlertDetails.Flatten("""{"host":"db-1","disk":{"free":"2 GB","mounts":["/","/data"]},"ok":false,"n":null}""");

        Assert.Equal([("host", "db-1"), ("disk.free", "2 GB"), ("disk.mounts", """["/","/data"]"""), ("ok", "false"), ("n", "null")], lines);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Flatten_Nothing_NoLines(string? json) => Assert.Empty(AlertDetails.Flatten(json));

    [Fact]
    public void Flatten_NotJson_OneLineAsSent() =>
        Assert.Equal([("details", "{not json")], AlertDetails.Flatten("{not json"));

    [Fact]
    public void Flatten_AString_OneLine() =>
        Assert.Equal([("details", "disk full")], AlertDetails.Flatten("\"disk full\""));

    [Fact]
    public void Flatten_ManyKeysOrDeepNesting_Bounded()
    {
        var many = "{" + string.Join(",", Enumerable.Range(0, 500).Select(i => $"\"k{i}\":{i}")) + "}";
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);

        Assert.Equal(AlertDetails.MaxLines, AlertDetails.Flatten(many).Count);
        var line = Assert.Single(AlertDetails.Flatten(deep));
        Assert.Equal("a.a.a.a", line.Key);
    }
}
