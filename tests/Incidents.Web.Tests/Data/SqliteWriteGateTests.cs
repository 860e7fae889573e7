using Incidents.Web.Data;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Data;

/// <summary>
/// In-process writers queue at the gate instead of polling SQLite's lock. What must never happen is a gate that stays
/// shut: every way a write ends (commit, rollback, a transaction dropped, a failing statement) opens it again.
/// </summary>
public sealed class SqliteWriteGateTests
{
    [Fact]
    public async Task Transaction_HoldsTheGateUntilItCommits_AndTheNextWriterThenWrites()
    {
        using var app = new TestApp();
        var serviceId = await app.CreateServiceAsync();
        var (contexts, gate) = Gate(app);

        await using (var first = await contexts.CreateDbContextAsync())
        {
            await using var transaction = await first.Database.BeginTransactionAsync();
            Assert.True(gate.IsHeld);
            await first.Services.Where(s => s.Id == serviceId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, "First"));
            Assert.True(gate.IsHeld);

            // Another writer waits at the gate (not in SQLite's busy loop) and writes once the first commits.
            var second = Task.Run(async () =>
            {
                await using var db = await contexts.CreateDbContextAsync();
                return await db.Services.Where(s => s.Id == serviceId && s.Name == "First").ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, "Second"));
            });
            await transaction.CommitAsync();
            Assert.Equal(1, await second.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.False(gate.IsHeld);
        await using var check = await contexts.CreateDbContextAsync();
        Assert.Equal("Second", await check.Services.Where(s => s.Id == serviceId).Select(s => s.Name).SingleAsync());
    }

    [Fact]
    public async Task EveryWayAWriteEnds_OpensTheGateAgain()
    {
        using var app = new TestApp();
        var serviceId = await app.CreateServiceAsync();
        var (contexts, gate) = Gate(app);

        await using (var db = await contexts.CreateDbContextAsync())
        {
            await using var rolledBack = await db.Database.BeginTransactionAsync();
            await rolledBack.RollbackAsync();
            Assert.False(gate.IsHeld);
        }

        await using (var db = await contexts.CreateDbContextAsync())
        {
            // Dropped without commit or rollback (an exception on the way): open again when its context goes.
            var dropped = await db.Database.BeginTransactionAsync();
            await dropped.DisposeAsync();
        }

        Assert.False(gate.IsHeld);

        await using (var db = await contexts.CreateDbContextAsync())
        {
            // A lone statement holds the gate only while it runs, also when it fails.
            await db.Services.Where(s => s.Id == serviceId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, "Renamed"));
            Assert.False(gate.IsHeld);
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"NoSuchTable\" SET x = 1"));
            Assert.False(gate.IsHeld);
            // Reads never take it.
            Assert.Equal("Renamed", await db.Services.Where(s => s.Id == serviceId).Select(s => s.Name).SingleAsync());
            Assert.False(gate.IsHeld);
        }

        // SaveChanges runs in the audit trail's own transaction, and a failing one opens the gate too.
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var service = await db.Services.SingleAsync(s => s.Id == serviceId);
            db.Entry(service).Property(s => s.Slug).CurrentValue = null!;
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.False(gate.IsHeld);
        }

        // And the next writer is not kept waiting by anything above.
        await app.CreateServiceAsync("after-service");
        Assert.False(gate.IsHeld);
    }

    [Fact]
    public void OneGatePerDatabaseFile_HoweverItsConnectionStringIsWritten()
    {
        var file = Path.Combine(Path.GetTempPath(), "incidents-tests", Guid.NewGuid().ToString("N"), "a.db");
        Assert.Same(SqliteWriteGate.For($"Data Source={file}"), SqliteWriteGate.For($"Data Source={file};Cache=Shared"));
        Assert.NotSame(SqliteWriteGate.For($"Data Source={file}"), SqliteWriteGate.For($"Data Source={file}.other"));
    }

    private static (IDbContextFactory<IncidentsDbContext> Contexts, SqliteWriteGate Gate) Gate(TestApp app) =>
        (app.Services.GetRequiredService<IDbContextFactory<IncidentsDbContext>>(),
            SqliteWriteGate.For(app.Services.GetRequiredService<IConfiguration>().GetConnectionString("Sqlite")!));
}
