using Incidents.Web.Features.Demo;

namespace Incidents.Web.Tests.Features.Demo;

/// <summary><c>seed-demo</c>'s command line: what it takes, and one clear line for everything it does not.</summary>
public sealed class SeedDemoCommandTests
{
    [Fact]
    public void Parse_EveryOption()
    {
        var parsed = DemoArguments.Parse(["seed-demo", "--incidents", "5", "--people-password", "Try-Incidents-1", "--escalation-seconds", "30",
            "--paging-webhook", "http://127.0.0.1:9/hook", "--alertmanager-key", "am", "--events-key", "ev", "--backlog-github", "https://github.example/api/v3"]);

        Assert.Equal(new DemoArguments
        {
            Incidents = 5,
            PeoplePassword = "Try-Incidents-1",
            EscalationSeconds = 30,
            PagingWebhook = "http://127.0.0.1:9/hook",
            AlertmanagerKey = "am",
            EventsKey = "ev",
            BacklogGitHub = "https://github.example/api/v3",
        }, parsed);
        Assert.Equal(new DemoArguments(), DemoArguments.Parse(["seed-demo"]));
        Assert.True(DemoArguments.Parse(["seed-demo", "--help"]).Help);
    }

    [Theory]
    [InlineData("--incidnets 5", "seed-demo does not know `--incidnets`; `seed-demo --help` lists what it takes.")]
    [InlineData("--incidents", "--incidents needs a value.")]
    [InlineData("--incidents --people-password x", "--incidents needs a value.")]
    [InlineData("--incidents five", "--incidents takes a whole number from 0 to 10,000,000, not `five`.")]
    [InlineData("--incidents -3", "--incidents takes a whole number from 0 to 10,000,000, not `-3`.")]
    [InlineData("--incidents 99999999999", "--incidents takes a whole number from 0 to 10,000,000, not `99999999999`.")]
    [InlineData("--incidents 1 --incidents 2", "--incidents is given twice.")]
    [InlineData("--escalation-seconds 0", "--escalation-seconds takes a whole number from 1 to 86,400, not `0`.")]
    [InlineData("--paging-webhook ftp://x", "--paging-webhook takes an http(s) address, not `ftp://x`.")]
    [InlineData("extra", "seed-demo does not know `extra`; `seed-demo --help` lists what it takes.")]
    public void Parse_Mistakes_OneClearLine(string args, string error)
    {
        var thrown = Assert.Throws<DemoArgumentException>(() => DemoArguments.Parse(["seed-demo", .. args.Split(' ')]));
        Assert.Equal(error, thrown.Message);
    }

    [Fact]
    public void Usage_NamesEveryOption()
    {
        foreach (var option in new[] { "--incidents", "--people-password", "--escalation-seconds", "--paging-webhook", "--alertmanager-key", "--events-key", "--backlog-github", "--help" })
        {
            Assert.Contains(option, DemoArguments.Usage, StringComparison.Ordinal);
        }
    }
}
