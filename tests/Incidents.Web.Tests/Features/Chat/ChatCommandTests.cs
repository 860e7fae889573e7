using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.Chat.Commands;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Chat;

/// <summary>The channel-neutral command layer on real SQLite: parsing, identities, authorization and the portal's own handlers.</summary>
public sealed class ChatCommandTests : IDisposable
{
    private readonly TestApp app = new();
    private readonly ChatContext slackChannel = new(ChatMedium.Slack, "C123", null);

    public void Dispose() => app.Dispose();

    private RunChatCommand Commands => app.Services.GetRequiredService<RunChatCommand>();

    private async Task<ChatPerson> PersonAsync(string email, params Role[] roles)
    {
        var user = await app.CreateUserAsync(email, roles);
        return new ChatPerson(user.Id, user.DisplayName, roles);
    }

    [Fact]
    public void EveryCommand_HasExactlyOneHandler()
    {
        var handled = app.Services.GetServices<IChatCommandHandler>().Select(h => h.Command).ToList();

        Assert.Equal(handled.Count, handled.Distinct().Count());
        Assert.Equal(RunChatCommand.Commands().Except(RunChatCommand.AnsweredBeforeIdentity).OrderBy(t => t.Name), handled.OrderBy(t => t.Name));
    }

    [Fact]
    public void CommandWithoutAHandler_StopsTheAppAtStartup()
    {
        var withoutAck = app.Services.GetServices<IChatCommandHandler>().Where(h => h.Command != typeof(Incidents.Domain.Chat.ChatCommand.Ack));

        var error = Assert.Throws<InvalidOperationException>(() => new RunChatCommand(app.Services.GetRequiredService<ChatIdentityLinks>(), withoutAck));

        Assert.Equal("No handler for the chat command(s) Ack.", error.Message);
    }

    [Theory]
    [InlineData("help", true, "Commands: declare <title>")]
    [InlineData("frobnicate", false, "I don't know `frobnicate`. Try `help`.")]
    [InlineData("ack INC-x", false, "Usage: `ack [INC-n]`. Try `help`.")]
    public async Task HelpAndMalformed_ShortAnswers(string text, bool ok, string start)
    {
        var reply = await Commands.HandleAsync(slackChannel, null, "T1:U1", text);

        Assert.Equal(ok, reply.Ok);
        Assert.StartsWith(start, reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPerson_ToldToLink_NothingChanged()
    {
        var reply = await Commands.HandleAsync(slackChannel, null, "T1:U1", "declare Checkout down sev1");

        Assert.False(reply.Ok);
        Assert.Contains("link <code>", reply.Text, StringComparison.Ordinal);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(0, await db.Incidents.CountAsync());
    }

    [Fact]
    public async Task Link_WithTheProfileCode_IdentifiesTheChatUser_CodeWorksOnce()
    {
        var ana = await PersonAsync("ana@example.com", Role.Responder);
        var code = await app.Services.GetRequiredService<ChatIdentityLinks>().IssueCodeAsync(ana.UserId);

        var linked = await Commands.HandleAsync(slackChannel, null, "T1:U1", $"link {code.ToLowerInvariant()}");
        var again = await Commands.HandleAsync(slackChannel, null, "T1:U2", $"link {code}");

        Assert.Equal("Linked: you are ana here now.", linked.Text);
        Assert.False(again.Ok);
        var found = await app.Services.GetRequiredService<ChatPeople>().FindAsync(ChatMedium.Slack, "T1:U1");
        Assert.Equal(ana.UserId, found!.UserId);
        Assert.Equal([Role.Responder], found.Roles);
    }

    [Fact]
    public async Task Link_ExpiredCode_Refused()
    {
        var ana = await PersonAsync("ana@example.com", Role.Responder);
        var code = await app.Services.GetRequiredService<ChatIdentityLinks>().IssueCodeAsync(ana.UserId);
        app.Clock.Advance(ChatIdentityLinks.CodeLifetime + TimeSpan.FromSeconds(1));

        var reply = await Commands.HandleAsync(slackChannel, null, "T1:U1", $"link {code}");

        Assert.Equal("That code is unknown or expired. Your portal profile shows a fresh one.", reply.Text);
    }

    [Fact]
    public async Task Declare_ThenAckInTheSameChannel_DefaultsToThatIncident()
    {
        await app.CreateServiceAsync("checkout-api");
        var ana = await PersonAsync("ana@example.com", Role.Responder);

        var declared = await Commands.HandleAsync(slackChannel, ana, "T1:U1", "declare Checkout is down sev2 checkout-api");
        var acked = await Commands.HandleAsync(slackChannel, ana, "T1:U1", "ack");
        var noted = await Commands.HandleAsync(slackChannel with { ThreadId = "1700000000.000100" }, ana, "T1:U1", "note Rolling back");

        Assert.True(declared.Ok, declared.Text);
        Assert.Equal(Severity.Sev2, declared.Incident!.Severity);
        Assert.Equal($"{declared.Incident.Number}: Acknowledged. You are the incident commander now; hand it over on the incident page, under People.", acked.Text);
        Assert.Equal(IncidentStatus.Acknowledged, acked.Incident!.Status);
        Assert.True(noted.Ok, noted.Text);
        await using var db = await app.NewDbContextAsync();
        var timeline = await db.Timeline.Where(t => t.IncidentId == declared.Incident.Id).ToListAsync();
        Assert.Contains(timeline, t => t.Kind == TimelineKind.Acknowledged && t.ActorName == "ana");
        Assert.Contains(timeline, t => t.Kind == TimelineKind.Note && t.Text == "Rolling back");
    }

    [Fact]
    public async Task Ack_NoIncidentInContext_AsksWhich()
    {
        var ana = await PersonAsync("ana@example.com", Role.Responder);

        var reply = await Commands.HandleAsync(new ChatContext(ChatMedium.Slack, "C999"), ana, "T1:U1", "ack");

        Assert.Equal("Which incident? Add its number, e.g. `ack INC-42`.", reply.Text);
    }

    [Theory]
    [InlineData(Role.Viewer, "ack INC-1", false)]
    [InlineData(Role.Developer, "ack INC-1", false)]
    [InlineData(Role.Support, "ack INC-1", false)]
    [InlineData(Role.Responder, "ack INC-1", true)]
    [InlineData(Role.Viewer, "declare Something broke", false)]
    [InlineData(Role.Support, "declare Something broke", true)]
    [InlineData(Role.Developer, "note Looking into it", true)]
    [InlineData(Role.Viewer, "note Looking into it", false)]
    [InlineData(Role.Viewer, "status INC-1", true)]
    [InlineData(Role.Developer, "page admin", false)]
    [InlineData(Role.Support, "page admin", true)]
    public async Task Commands_PerRole_AuthorizedLikeThePortal(Role role, string text, bool allowed)
    {
        var service = await app.CreateServiceAsync("checkout-api");
        await app.CreateUserAsync("admin@example.com", Role.Admin);
        var (_, id) = await app.Services.GetRequiredService<Incidents.Web.Features.IncidentManagement.Log.LogIncident>()
            .HandleAsync(new(ServiceTitle(service), null, service, Impact.Low, Urgency.Low), Actor.System);
        var person = await PersonAsync($"{role}@example.com".ToLowerInvariant(), role);

        var reply = await Commands.HandleAsync(slackChannel with { IncidentId = id }, person, "T1:U9", text);

        Assert.Equal(allowed, !reply.Text.StartsWith("You may not do that", StringComparison.Ordinal));
        await using var db = await app.NewDbContextAsync();
        var incident = await db.Incidents.SingleAsync(i => i.Id == id);
        Assert.Equal(allowed && text.StartsWith("ack", StringComparison.Ordinal), incident.Status == IncidentStatus.Acknowledged);
    }

    [Fact]
    public async Task ListAndStatus_ShowOpenIncidents()
    {
        var service = await app.CreateServiceAsync("checkout-api");
        var viewer = await PersonAsync("vic@example.com", Role.Viewer);
        var (_, id) = await app.Services.GetRequiredService<Incidents.Web.Features.IncidentManagement.Log.LogIncident>()
            .HandleAsync(new("Search slow", null, service, Impact.Low, Urgency.Low), Actor.System);

        var list = await Commands.HandleAsync(slackChannel, viewer, "T1:U1", "list");
        var status = await Commands.HandleAsync(slackChannel, viewer, "T1:U1", $"status INC-{id}");

        Assert.Equal("1 open incident:", list.Text);
        Assert.Equal("Search slow", Assert.Single(list.Incidents!).Title);
        Assert.StartsWith($"INC-{id} is triggered (SEV4", status.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_MoreThanFit_SaysHowManyAndLinksToAll()
    {
        var service = await app.CreateServiceAsync("checkout-api");
        var viewer = await PersonAsync("vic@example.com", Role.Viewer);
        var log = app.Services.GetRequiredService<Incidents.Web.Features.IncidentManagement.Log.LogIncident>();
        for (var i = 0; i < 12; i++)
        {
            await log.HandleAsync(new($"Slow page {i}", null, service, Impact.Low, Urgency.Low), Actor.System);
        }

        var list = await Commands.HandleAsync(slackChannel, viewer, "T1:U1", "list");

        Assert.Equal(10, list.Incidents!.Count);
        Assert.StartsWith("10 of 12 open incidents, newest first. Show all: http", list.Text, StringComparison.Ordinal);
        Assert.EndsWith("/incidents", list.Text, StringComparison.Ordinal);
    }

    private static string ServiceTitle(long service) => $"Trouble on service {service}";

    [Theory]
    [InlineData(false, null, "INC-1 is SEV1: a postmortem will be opened when it is resolved (the default policy asks for one at SEV2 or worse).")]
    [InlineData(true, null, "INC-1 is SEV1: no postmortem is required (Service checkout-api opts out of postmortems).")]
    [InlineData(false, Severity.Sev4, "INC-1 is SEV1: a postmortem will be opened when it is resolved (Service checkout-api asks for one at SEV4 or worse).")]
    public async Task Postmortem_NoneYet_AnswersWithTheServicesPolicy(bool optOut, Severity? threshold, string expected)
    {
        var service = await app.CreateServiceAsync("checkout-api");
        await using (var db = await app.NewDbContextAsync())
        {
            var row = await db.Services.SingleAsync(s => s.Id == service);
            row.PostmortemOptOut = optOut;
            row.PostmortemAtOrAbove = threshold;
            await db.SaveChangesAsync();
        }

        var (_, id) = await app.Services.GetRequiredService<Incidents.Web.Features.IncidentManagement.Log.LogIncident>()
            .HandleAsync(new("Checkout down", null, service, Impact.High, Urgency.High), Actor.System);
        var viewer = await PersonAsync("vic@example.com", Role.Viewer);

        var reply = await Commands.HandleAsync(slackChannel, viewer, "T1:U1", $"postmortem INC-{id}");

        Assert.Equal(expected, reply.Text);
    }
}
