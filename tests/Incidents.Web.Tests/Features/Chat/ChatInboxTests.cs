using Incidents.Web.Features.Chat;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>A stored chat request is acted on by exactly one claimant, however many try at once.</summary>
public sealed class ChatInboxTests : IDisposable
{
    private readonly TestApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task TryClaim_ManyAtOnce_ExactlyOneWins_AndTheRequestIsMarkedProcessed()
    {
        long id;
        await using (var db = await app.NewDbContextAsync())
        {
            var row = new ChatInbound { Medium = ChatMedium.Slack, Key = "Ev-claim-1", Kind = "unknown-kind", Payload = "{}", ReceivedAt = app.Clock.GetUtcNow() };
            db.ChatInbound.Add(row);
            await db.SaveChangesAsync();
            id = row.Id;
        }

        var inbox = app.Services.GetRequiredService<ChatInbox>();
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => inbox.TryClaimAsync(id))));

        Assert.Equal(1, claims.Count(c => c));
        await using var check = await app.NewDbContextAsync();
        Assert.Equal(app.Clock.GetUtcNow(), (await check.ChatInbound.SingleAsync(i => i.Id == id)).ProcessedAt);
    }
}
