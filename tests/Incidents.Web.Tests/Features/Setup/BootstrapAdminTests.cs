using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Tests.Features.Setup;

public sealed class BootstrapAdminTests
{
    private sealed class BootstrappedApp() : TestApp(new Dictionary<string, string?>
    {
        ["Bootstrap:AdminEmail"] = "ops@example.test",
        ["Bootstrap:AdminPassword"] = "Bootstrap-Secret-99",
    });

    [Fact]
    public async Task Startup_BootstrapSettings_CreatesAdminWithoutLoggingThePassword()
    {
        using var app = new BootstrappedApp();

        var admin = await app.SignedInBrowserAsync("ops@example.test", "Bootstrap-Secret-99");
        var usersPage = await admin.GetAsync("/admin/users");

        Assert.Equal(System.Net.HttpStatusCode.OK, usersPage.StatusCode);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(1, await db.SetupRecords.CountAsync());
        Assert.NotEmpty(app.Logs);
        Assert.DoesNotContain(app.Logs, line => line.Contains("Bootstrap-Secret-99", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_BootstrapSettingsStillSet_NoSecondAdmin()
    {
        using var app = new BootstrappedApp();
        _ = app.Server;

        // A second host on the same database, as after a restart.
        await using (var db = await app.NewDbContextAsync())
        {
            Assert.Equal(1, await db.Users.CountAsync());
        }

        var restarted = app.WithWebHostBuilder(_ => { });
        _ = restarted.Server;
        await using var after = await app.NewDbContextAsync();
        Assert.Equal(1, await after.Users.CountAsync());
    }
}
