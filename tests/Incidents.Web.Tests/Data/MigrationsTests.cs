using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Incidents.Web.Tests.Data;

/// <summary>SQL Server cannot run here, so its migrations are checked as text and as a model.</summary>
public sealed class MigrationsTests
{
    private static SqlServerIncidentsDbContext SqlServer() => new SqlServerDesignTimeFactory().CreateDbContext([]);

    private static SqliteIncidentsDbContext Sqlite() => new SqliteDesignTimeFactory().CreateDbContext([]);

    [Fact]
    public void SqlServerIdempotentScript_Parse_NoErrors()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        var fragment = parser.Parse(reader, out var errors);

        Assert.Empty(errors.Select(e => $"line {e.Line}: {e.Message}"));
        var batches = Assert.IsType<TSqlScript>(fragment).Batches;
        Assert.NotEmpty(batches);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script, StringComparison.Ordinal);
        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
    }

    [Fact]
    public void SqlServerModel_Build_UsesDateTimeOffsetAndHasMigrations()
    {
        using var db = SqlServer();

        var users = db.Model.FindEntityType(typeof(Incidents.Web.Features.Users.ApplicationUser))!;
        var createdAt = users.FindProperty(nameof(Incidents.Web.Features.Users.ApplicationUser.CreatedAt))!;

        Assert.Equal("datetimeoffset", createdAt.GetColumnType());
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void SqlServerMigrations_MatchModel_NoPendingChanges()
    {
        using var db = SqlServer();

        Assert.False(db.Database.HasPendingModelChanges(), "Run dotnet ef migrations add for SqlServerIncidentsDbContext (docs/architecture.md).");
    }

    [Fact]
    public void SqliteMigrations_MatchModel_NoPendingChanges()
    {
        using var db = Sqlite();

        Assert.False(db.Database.HasPendingModelChanges(), "Run dotnet ef migrations add for SqliteIncidentsDbContext (docs/architecture.md).");
    }

    [Fact]
    public void BothProviders_SameMigrationNames()
    {
        using var sqlServer = SqlServer();
        using var sqlite = Sqlite();

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]);

        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    [Fact]
    public void BothProviders_OneInitialMigration()
    {
        using var sqlServer = SqlServer();
        using var sqlite = Sqlite();

        Assert.EndsWith("_Initial", Assert.Single(sqlite.Database.GetMigrations()), StringComparison.Ordinal);
        Assert.EndsWith("_Initial", Assert.Single(sqlServer.Database.GetMigrations()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreshDatabase_StartUp_LogsNoWarnings()
    {
        // With the portal's address configured (without it, start-up warns once: PortalAddressTests).
        using var app = new ConfiguredApp();
        using var client = app.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        // A read with two collections (a schedule's layers and overrides) once made EF warn about query splitting.
        await app.Services.GetRequiredService<Incidents.Web.Features.OnCall.Schedules.ManageSchedules>().ListAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(app.Logs, l => l.Contains("Applying 1 migrations", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    private sealed class ConfiguredApp() : Infrastructure.TestApp(new Dictionary<string, string?> { ["Portal:BaseUrl"] = "https://incidents.example.com" });
}
