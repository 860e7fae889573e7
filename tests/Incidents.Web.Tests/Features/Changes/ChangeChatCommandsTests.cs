using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Changes;
using Incidents.Web.Features.Changes.Suspects;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.Chat.Commands;
using Incidents.Web.Features.IncidentManagement.Log;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

/// <summary><c>change CHG-n</c>, <c>changes [service]</c> and the suspects in <c>status</c>, through the channel-neutral command layer.</summary>
public sealed class ChangeChatCommandsTests(ChangesApp app) : ChangesUseCaseTests(app)
{
    private readonly ChatContext channel = new(ChatMedium.Slack, "C123", null);

    private RunChatCommand Commands => App.Services.GetRequiredService<RunChatCommand>();

    private async Task<ChatPerson> ChatPersonAsync(params Role[] roles)
    {
        var actor = await PersonAsync(roles);
        return new ChatPerson(actor.Id!, actor.Name, roles);
    }

    [Fact]
    public async Task Change_ShowsStatusApprovalsAndCompliance_UnknownOneSaysSo()
    {
        var serviceId = await ServiceAsync();
        var id = await ApprovedChangeAsync(serviceId);
        var viewer = await ChatPersonAsync(Role.Viewer);

        var reply = await Commands.HandleAsync(channel, viewer, null, $"change CHG-{id}");
        var missing = await Commands.HandleAsync(channel, viewer, null, "change CHG-999999");

        Assert.True(reply.Ok);
        Assert.StartsWith($"*CHG-{id}* Upgrade the payment SDK\nApproved · normal deployment · low risk", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Approvals: 1 of 1 (", reply.Text, StringComparison.Ordinal);
        Assert.EndsWith($"/changes/{id}", reply.Text, StringComparison.Ordinal);
        Assert.False(missing.Ok);
        Assert.Equal("CHG-999999 does not exist.", missing.Text);
    }

    [Fact]
    public async Task Changes_TodaysOfOneService_ByNameOrSlug_UnknownServiceSaysSo()
    {
        var serviceId = await ServiceAsync();
        var other = await ServiceAsync();
        var id = await ApprovedChangeAsync(serviceId);
        await ApprovedChangeAsync(other);
        var slug = await SlugAsync(serviceId);
        var person = await ChatPersonAsync(Role.Developer);

        var reply = await Commands.HandleAsync(channel, person, null, $"changes {slug}");
        var unknown = await Commands.HandleAsync(channel, person, null, "changes nowhere");

        Assert.Equal($"Changes today (1):\n*CHG-{id}* Upgrade the payment SDK · approved · Service {slug}", reply.Text[..reply.Text.LastIndexOf(" · ", StringComparison.Ordinal)]);
        Assert.False(unknown.Ok);
        Assert.Equal("No service \"nowhere\".", unknown.Text);
    }

    [Fact]
    public async Task Status_ListsTheIncidentsSuspectChanges()
    {
        var serviceId = await ServiceAsync();
        var id = await ApprovedChangeAsync(serviceId);
        var admin = await PersonAsync(Role.Admin);
        await Manage.ActAsync(id, ChangeAction.Complete, admin);
        App.Clock.Advance(TimeSpan.FromMinutes(15));
        var responder = await ChatPersonAsync(Role.Responder);
        var (_, incident) = await App.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident("Checkout slow", null, serviceId, Impact.Low, Urgency.Low), admin);
        await App.Services.GetRequiredService<SuspectChanges>().LinkAsync(incident!.Value, id, ChangeRelation.CausedBy, admin);

        var reply = await Commands.HandleAsync(channel, responder, null, $"status INC-{incident}");

        Assert.Contains($"\nRecent changes: CHG-{id} Upgrade the payment SDK (", reply.Text, StringComparison.Ordinal);
        Assert.EndsWith("completed; caused it)", reply.Text, StringComparison.Ordinal);
    }
}
