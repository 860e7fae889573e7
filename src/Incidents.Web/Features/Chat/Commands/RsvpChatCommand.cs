using Incidents.Domain.Chat;
using Incidents.Domain.Postmortems;
using Incidents.Web.Features.Postmortems.Meeting;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>rsvp &lt;meeting&gt; accept|tentative|decline</c>: answers a review meeting's invitation.</summary>
internal sealed class RsvpChatCommand(ScheduleReview reviews) : ChatCommandHandler<ChatCommand.Rsvp>
{
    protected override async Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.Rsvp rsvp, CancellationToken cancellationToken)
    {
        var person = request.Person;
        var (outcome, review) = await reviews.RespondAsync(rsvp.Meeting, person.UserId, rsvp.Response, request.Context.Medium.ToString(), cancellationToken);
        if (!outcome.Succeeded)
        {
            return new ChatReply(outcome.Error ?? "That did not work.", Ok: false);
        }

        var answer = rsvp.Response switch
        {
            Rsvp.Accepted => "accepted",
            Rsvp.Tentative => "said maybe to",
            Rsvp.Declined => "declined",
            Rsvp.NeedsAction => "answered",
        };
        return new ChatReply($"Thanks, {person.Name}: you {answer} {review}.");
    }
}
