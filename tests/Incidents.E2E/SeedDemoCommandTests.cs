using Microsoft.Data.Sqlite;

namespace Incidents.E2E;

/// <summary>
/// What a new user runs first: the real <c>seed-demo</c> process (usage, mistakes as one line and exit code 2, a second run
/// that adds nothing), and the app in Production from the build output.
/// </summary>
public sealed class SeedDemoCommandTests
{
    [Fact]
    public async Task Help_PrintsUsage_ExitZero()
    {
        var (exit, output, _) = await AppProcess.RunAsync(AppProcess.NewDataFolder(), "seed-demo", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Usage: dotnet run --project src/Incidents.Web -- seed-demo [options]", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seed-demo: seed-demo does not know `--incidnets`; `seed-demo --help` lists what it takes.", "--incidnets", "5")]
    [InlineData("seed-demo: --people-password is too weak:", "--people-password", "short")]
    public async Task Mistake_OneLine_ExitTwo_NothingWritten(string said, params string[] args)
    {
        var data = AppProcess.NewDataFolder();

        var (exit, _, errors) = await AppProcess.RunAsync(data, ["seed-demo", .. args]);

        Assert.Equal(2, exit);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith(said, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "incidents.db")) && await IncidentsAsync(data) > 0);
    }

    [Fact]
    public async Task RunTwice_TopsUp_NeverDoubles_SaysWhoCanSignIn()
    {
        var data = AppProcess.NewDataFolder();

        var (_, first, _) = await AppProcess.RunAsync(data, "seed-demo", "--incidents", "12", "--people-password", "Demo-Password-1");
        var (exit, second, _) = await AppProcess.RunAsync(data, "seed-demo", "--incidents", "12", "--people-password", "Demo-Password-1");

        Assert.Equal(0, exit);
        Assert.Contains("added 12 incidents (12 in all)", first, StringComparison.Ordinal);
        Assert.Contains("admin@demo.test", first, StringComparison.Ordinal);
        Assert.Contains("12 incidents were there already; nothing added", second, StringComparison.Ordinal);
        Assert.Equal(12, await IncidentsAsync(data));
    }

    /// <summary>Run from the source tree in Production (as a new user might), the portal's scripts and styles are served.</summary>
    [Fact]
    public async Task Production_FromTheBuildOutput_ServesThePortalsScripts()
    {
        await using var app = await AppProcess.StartAsync(environment: new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        var login = await http.GetStringAsync("account/login");
        foreach (var asset in new[] { "_framework/blazor.web.js", "_content/MudBlazor/MudBlazor.min.js" })
        {
            var response = await http.GetAsync(asset);
            Assert.True(response.IsSuccessStatusCode, $"{asset}: {(int)response.StatusCode}");
        }

        Assert.Contains("_content/MudBlazor/", login, StringComparison.Ordinal);
    }

    private static async Task<long> IncidentsAsync(string data)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(data, "incidents.db")};Mode=ReadOnly");
        await db.OpenAsync();
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Incidents";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
