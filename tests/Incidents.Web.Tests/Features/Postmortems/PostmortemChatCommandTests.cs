using Incidents.Domain.Access;
using Incidents.Domain.Postmortems;
using Incidents.Web.Features.Postmortems.Edit;
using Incidents.Web.Features.Postmortems.Meeting;

namespace Incidents.Web.Tests.Features.Postmortems;

/// <summary>The <c>postmortem</c> chat command (<see cref="Web.Features.Chat.Commands.PostmortemChatCommand"/>).</summary>
public sealed class PostmortemChatCommandTests : PostmortemUseCaseTests
{
    [Fact]
    public async Task ChatPostmortemCommand_ReportsStateOwnerDueAndReview()
    {
        var (incidentId, postmortemId) = await PostmortemScenario.ResolvedAsync(app, serviceId, ana);
        await Get<ScheduleReview>().ScheduleAsync(postmortemId!.Value, new ReviewInput(app.Clock.GetUtcNow().AddDays(2), 60, null, null, [ana.Id!, bob.Id!]), ana);
        await Get<ScheduleReview>().RespondAsync((await Get<ShowPostmortem>().HandleAsync(postmortemId.Value))!.Meeting!.Id, bob.Id!, Rsvp.Accepted, "portal");
        var person = new Web.Features.Chat.ChatPerson(bob.Id!, "bob", [Role.Developer]);

        var reply = await Get<Web.Features.Chat.Commands.RunChatCommand>().HandleAsync(
            new Web.Features.Chat.ChatContext(Web.Features.Chat.ChatMedium.Portal, "portal"), person, null, $"postmortem INC-{incidentId}");

        Assert.True(reply.Ok);
        Assert.StartsWith($"Postmortem of INC-{incidentId}: Draft, owned by ana, due Wed 25 Nov.", reply.Text, StringComparison.Ordinal);
        Assert.Contains("1 of 2 accepted", reply.Text, StringComparison.Ordinal);
        Assert.Contains($"/postmortems/{postmortemId}", reply.Text, StringComparison.Ordinal);
    }
}
