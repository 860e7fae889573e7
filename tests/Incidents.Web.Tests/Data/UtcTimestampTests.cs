using Incidents.Web.Features.Users;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Tests.Data;

/// <summary>The UTC-ticks convention: instants written with any offset sort and filter by instant in SQLite.</summary>
public sealed class UtcTimestampTests : IClassFixture<TestApp>
{
    private readonly TestApp app;

    public UtcTimestampTests(TestApp app) => this.app = app;

    [Fact]
    public async Task CreatedAt_MixedOffsets_OrdersAndFiltersByInstant()
    {
        _ = app.Server;
        var noon = new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero);
        await using (var db = await app.NewDbContextAsync())
        {
            // Same wall-clock digits, different instants: a text column would order these wrongly.
            db.Users.AddRange(
                User("tokyo", new DateTimeOffset(2026, 3, 29, 20, 0, 0, TimeSpan.FromHours(9))),   // 11:00Z
                User("utc", noon),                                                               // 12:00Z
                User("newyork", new DateTimeOffset(2026, 3, 29, 9, 0, 0, TimeSpan.FromHours(-4)))); // 13:00Z
            await db.SaveChangesAsync();
        }

        await using var read = await app.NewDbContextAsync();
        var ordered = await read.Users.Where(u => u.Email!.EndsWith("@tz.test"))
            .OrderBy(u => u.CreatedAt).Select(u => u.DisplayName).ToListAsync();
        var after = await read.Users.Where(u => u.Email!.EndsWith("@tz.test") && u.CreatedAt > noon)
            .Select(u => u.CreatedAt).ToListAsync();
        var sql = read.Users.Where(u => u.CreatedAt > noon).OrderBy(u => u.CreatedAt).ToQueryString();

        Assert.Equal(["tokyo", "utc", "newyork"], ordered);
        var single = Assert.Single(after);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 13, 0, 0, TimeSpan.Zero), single);
        Assert.Equal(TimeSpan.Zero, single.Offset);
        Assert.Contains("ORDER BY \"a\".\"CreatedAt\"", sql, StringComparison.Ordinal);
    }

    private static ApplicationUser User(string name, DateTimeOffset createdAt) => new()
    {
        UserName = name + "@tz.test",
        NormalizedUserName = (name + "@tz.test").ToUpperInvariant(),
        Email = name + "@tz.test",
        NormalizedEmail = (name + "@tz.test").ToUpperInvariant(),
        DisplayName = name,
        CreatedAt = createdAt,
        SecurityStamp = Guid.NewGuid().ToString(),
    };
}
