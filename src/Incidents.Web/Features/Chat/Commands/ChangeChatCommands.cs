using Incidents.Domain.Changes;
using Incidents.Domain.Chat;
using Incidents.Web.Features.Changes.List;
using Incidents.Web.Features.Changes.Manage;
using Incidents.Web.Features.Changes.Show;
using Incidents.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Chat.Commands;

/// <summary><c>change CHG-n</c>: where a change stands, its approvals and whether it went through the process.</summary>
internal sealed class ChangeChatCommand(ShowChange show, IOptions<PortalOptions> portal) : ChatCommandHandler<ChatCommand.ShowChange>
{
    protected override async Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.ShowChange command, CancellationToken cancellationToken)
    {
        if (await show.HandleAsync(command.Change, request.Actor, cancellationToken) is not { } change)
        {
            return new ChatReply($"{Change.Format(command.Change)} does not exist.", Ok: false);
        }

        var lines = new List<string>
        {
            $"*{change.Number}* {change.Title}",
            $"{Change.Label(change.Status)} · {ManageChanges.Describe(change.Type)} {ManageChanges.Label(change.Kind).ToLowerInvariant()} · {change.Risk.ToString().ToLowerInvariant()} risk · {change.ServiceName} ({change.Environment})",
            $"Requested by {change.RequesterName}" + (change.Implementer is null ? "" : $", implemented by {change.Implementer}")
                + (change.CommitSha is null ? "" : $", commit `{(change.CommitSha.Length > 7 ? change.CommitSha[..7] : change.CommitSha)}`"),
        };
        if (change.ApprovalsNeeded > 0)
        {
            lines.Add($"Approvals: {change.ApprovalsGiven} of {change.ApprovalsNeeded}" + (change.Approvals.Count == 0 ? "" : " (" + string.Join(", ", change.Approvals.Select(a => $"{a.Name} {(a.Decision == ApprovalDecision.Approved ? "approved" : "rejected")}")) + ")"));
        }

        if (change.Bypassed)
        {
            lines.Add(change.Source == ChangeSource.Detected ? "Found by its production fingerprint: nobody announced it." : "Deployed without an approved change (a bypass).");
        }

        if (change.Counts)
        {
            lines.Add(change.MissedBecause is null ? "Went through the process." : $"Missed the process: {change.MissedBecause}.");
        }

        lines.Add(portal.Value.Link($"changes/{change.Id}").ToString());
        return new ChatReply(string.Join("\n", lines));
    }
}

/// <summary><c>changes [service]</c>: today's changes, newest first, of one service (by slug or name) or of all.</summary>
internal sealed class ChangesChatCommand(ListChanges list, Catalog.Services.ManageServices services, IOptions<PortalOptions> portal, TimeProvider clock)
    : ChatCommandHandler<ChatCommand.ListChanges>
{
    protected override async Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.ListChanges command, CancellationToken cancellationToken)
    {
        long? serviceId = null;
        if (command.Service is { } name)
        {
            var all = await services.ListAsync(cancellationToken);
            var found = all.FirstOrDefault(s => string.Equals(s.Slug, name, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
            if (found is null)
            {
                return new ChatReply($"No service \"{name}\".", Ok: false);
            }

            serviceId = found.Id;
        }

        var today = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var page = await list.HandleAsync(ChangeView.All, serviceId, null, 1, today, cancellationToken);
        var rows = page.Rows.Where(r => (r.StartedAt ?? r.PlannedStart ?? r.CreatedAt) < today.AddDays(1)).Take(10).ToList();
        if (rows.Count == 0)
        {
            return new ChatReply(command.Service is null ? "No changes today." : $"No changes to {command.Service} today.");
        }

        var lines = rows.Select(r => $"*{r.Number}* {r.Title} · {Change.Label(r.Status).ToLowerInvariant()}{(r.Bypassed ? " · bypass" : "")} · {r.ServiceName} · {r.RequesterName}");
        var header = page.Total > rows.Count ? $"{rows.Count} of {page.Total} changes today. Show all: {portal.Value.Link("changes")}" : $"Changes today ({rows.Count}):";
        return new ChatReply(header + "\n" + string.Join("\n", lines));
    }
}

/// <summary>
/// <c>approve CHG-n [why]</c> / <c>reject CHG-n &lt;why&gt;</c>: the same use case as the change page's buttons (four eyes,
/// two approvers for emergencies and high risk); the approval card that asked is settled with the answer.
/// </summary>
internal sealed class DecideChangeChatCommand(ManageChanges manage, ShowChange show) : ChatCommandHandler<ChatCommand.DecideChange>
{
    protected override async Task<ChatReply> HandleAsync(ChatRequest request, ChatCommand.DecideChange command, CancellationToken cancellationToken)
    {
        var number = Change.Format(command.Change);
        if (!command.Approve && command.Reason is null)
        {
            return new ChatReply($"Say why you reject {number}: type the reason in the box, then press Reject (or `reject {number} <why>`).", Ok: false);
        }

        var outcome = await manage.ActAsync(command.Change, command.Approve ? ChangeAction.Approve : ChangeAction.Reject, request.Actor, command.Reason, cancellationToken: cancellationToken);
        if (!outcome.Succeeded)
        {
            return new ChatReply(outcome.Error ?? "That did not work.", Ok: false);
        }

        var change = await show.HandleAsync(command.Change, request.Actor, cancellationToken);
        var what = change is null ? number : $"{number} {change.Title}";
        var because = command.Reason is null ? "" : $": {command.Reason}";
        var text = command.Approve
            ? change is not null && change.ApprovalsGiven < change.ApprovalsNeeded
                ? $"{request.Person.Name} approved {what} ({change.ApprovalsGiven} of {change.ApprovalsNeeded}){because}. It needs one more approval, from someone else."
                : $"{request.Person.Name} approved {what}{because}."
            : $"{request.Person.Name} rejected {what}{because}.";
        return new ChatReply(text, Settles: true);
    }
}
