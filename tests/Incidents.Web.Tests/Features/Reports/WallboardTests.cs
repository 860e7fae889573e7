using System.Net;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.Reports.Wallboard;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Reports;

/// <summary>
/// The wallboard: open incidents by severity, who is on call and this week's figures for anyone signed in; a read-only
/// link (token, stored hashed, revocable) for a TV that opens the wallboard and nothing else; a live feed that tells the
/// board at once when incidents change.
/// </summary>
public sealed class WallboardTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly TestApp app = new();
    private readonly Actor admin = new("wallboard-admin", "Ada Admin");
    private long serviceId;

    public async Task InitializeAsync()
    {
        await app.CreatePersonAsync(admin, [Role.Admin]);
        serviceId = await app.CreateServiceAsync("ledger");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await app.DisposeAsync();

    private async Task<long> TriggerAsync(string title, Impact impact, Urgency urgency)
    {
        var (outcome, id) = await app.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident(title, null, serviceId, impact, urgency), admin);
        Assert.True(outcome.Succeeded, outcome.Error);
        return id!.Value;
    }

    [Fact]
    public async Task SignedIn_SeesOpenIncidentsBySeverity_OnCall_ThisWeek_OnlyAdminsMayShare()
    {
        await TriggerAsync("Ledger down", Impact.High, Urgency.High);
        await TriggerAsync("Ledger slow", Impact.Medium, Urgency.Medium);

        var state = await app.Services.GetRequiredService<ReadWallboard>().HandleAsync();
        Assert.Equal((1, 0, 1, 0), (state.OpenBySeverity[Severity.Sev1], state.OpenBySeverity[Severity.Sev2], state.OpenBySeverity[Severity.Sev3], state.OpenBySeverity[Severity.Sev4]));
        Assert.Equal((2, 2), (state.OpenTotal, state.Unacknowledged));
        Assert.Equal("Ledger down", state.Open[0].Title);
        Assert.Equal(2, state.Week.Current.Count);

        var viewer = await app.SignedInAsAsync(Role.Viewer);
        var html = await viewer.GetStringAsync("/wallboard");
        Assert.Contains("data-testid=\"wallboard\"", html, StringComparison.Ordinal);
        Assert.Contains("Ledger down", html, StringComparison.Ordinal);
        Assert.Contains("On call now", html, StringComparison.Ordinal);
        Assert.DoesNotContain("wallboard-share", html, StringComparison.Ordinal);
        Assert.Contains("wallboard-share", await (await app.SignedInAsAsync(Role.Admin)).GetStringAsync("/wallboard"), StringComparison.Ordinal);
        var links = await viewer.GetAsync("/wallboard/links");
        Assert.True(links.StatusCode == HttpStatusCode.Forbidden || links.Headers.Location?.OriginalString.Contains("/account/access-denied", StringComparison.Ordinal) == true,
            $"{links.StatusCode} {links.Headers.Location}");
    }

    [Fact]
    public async Task Link_OpensTheWallboardAnonymously_AndNothingElse_RevokedOrWrongIsRefused()
    {
        await TriggerAsync("Ledger down", Impact.High, Urgency.High);
        var links = app.Services.GetRequiredService<ManageWallboardLinks>();
        Assert.Equal("Name the screen (at most 100 characters), e.g. \"Ops room TV\".", (await links.CreateAsync("  ", admin)).Outcome.Error);
        var (outcome, token) = await links.CreateAsync("Ops room TV", admin);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.StartsWith("wb_", token, StringComparison.Ordinal);

        await using (var db = await app.NewDbContextAsync())
        {
            var stored = await db.WallboardLinks.SingleAsync();
            Assert.Equal(WallboardLink.Hash(token!), stored.KeyHash);
            Assert.DoesNotContain(token!, stored.KeyHash, StringComparison.Ordinal);
            // The audit trail records the link, never its hash.
            var audit = await db.AuditTrail.Where(a => a.EntityType == nameof(WallboardLink)).SingleAsync();
            Assert.DoesNotContain(stored.KeyHash, audit.After ?? "", StringComparison.Ordinal);
        }

        var tv = app.CreateBrowser();
        var page = await tv.GetAsync($"/wallboard/{token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Ledger down", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.NotNull((await links.ListAsync()).Single().LastUsedAt);
        // The token opens nothing else.
        Assert.Equal(HttpStatusCode.Redirect, (await tv.GetAsync("/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await tv.GetAsync("/wallboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tv.GetAsync($"/api/v1/reports/incidents?token={token}")).StatusCode);

        foreach (var wrong in new[] { "wb_" + new string('A', 43), "nope", token![..^1] + (token[^1] == 'A' ? 'B' : 'A'), token + "x", "wb_" + new string('-', 43), "a%20b" })
        {
            var refused = await tv.GetAsync($"/wallboard/{wrong}");
            Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
            var text = await refused.Content.ReadAsStringAsync();
            Assert.Contains("This wallboard link does not work", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Ledger down", text, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await tv.GetAsync($"/wallboard/{wrong}/events", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        }

        Assert.True((await links.RevokeAsync((await links.ListAsync()).Single().Id, admin)).Succeeded);
        Assert.Equal(HttpStatusCode.Gone, (await tv.GetAsync($"/wallboard/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tv.GetAsync($"/wallboard/{token}/events", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        Assert.Equal(OutcomeKind.NotFound, (await links.RevokeAsync(999, admin)).Kind);
    }

    [Fact]
    public async Task Events_TellTheBoardAtOnceWhenAnIncidentChanges_ARevokedLinkEndsTheFeed()
    {
        var links = app.Services.GetRequiredService<ManageWallboardLinks>();
        var (_, token) = await links.CreateAsync("Hall TV", admin);
        var tv = app.CreateBrowser();
        using var response = await tv.GetAsync($"/wallboard/{token}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        async Task<string> NextEventAsync()
        {
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    return line["event: ".Length..];
                }
            }

            return "";
        }

        Assert.Equal("ready", await NextEventAsync());
        await TriggerAsync("Ledger down", Impact.High, Urgency.High);
        Assert.Equal("changed", await NextEventAsync());

        // Revoked while the TV listens: the next change ends the feed with "revoked" (the board reloads and says so).
        Assert.True((await links.RevokeAsync((await links.ListAsync()).Single().Id, admin)).Succeeded);
        app.Clock.Advance(WallboardEvents.Settle);
        await TriggerAsync("Ledger slow", Impact.Medium, Urgency.Medium);
        Assert.Equal("revoked", await NextEventAsync());
        Assert.Equal("", await NextEventAsync());
    }
}
