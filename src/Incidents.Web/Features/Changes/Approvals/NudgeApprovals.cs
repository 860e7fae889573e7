using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Incidents.Web.Features.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Changes.Approvals;

/// <summary>
/// Emergencies and bypasses awaiting their approvals after the fact: once a day until the deadline, their owner (the
/// requester, or for a pipeline's or a detected change the team that owns the service) hears how many approvals are
/// missing and by when. Each nudge is a <see cref="Notice"/> keyed by change, person and day, so it fires once a day
/// however often this runs, restarts and several instances included.
/// </summary>
internal sealed class NudgeApprovals(IDbContextFactory<IncidentsDbContext> contexts, IOptions<ChangeOptions> options, TimeProvider clock)
{
    public const string JobId = "changes-nudge-approvals";

    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var day = now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var waiting = await db.Changes.AsNoTracking().Include(c => c.Approvals)
            .Where(c => c.ApprovedAt == null && !c.RejectedAfterTheFact && c.StartedAt != null && (c.Type == ChangeType.Emergency || c.Bypassed)
                && c.Status != ChangeStatus.Rejected && c.Status != ChangeStatus.Cancelled && c.Environment == Change.Production)
            .ToListAsync(cancellationToken);
        var wanted = new List<Notice>();
        foreach (var change in waiting.Where(c => c.AwaitsApprovalAfterTheFact))
        {
            var deadline = ChangeCompliance.ApprovalDeadline(change, options.Value.EmergencyApprovalDays);
            if (now > deadline)
            {
                continue;
            }

            var owners = change.RequesterId is { } requester
                ? [requester]
                : await Catalog.ServiceOwners.Of(db, change.ServiceId).Distinct().ToListAsync(cancellationToken);
            var missing = change.ApprovalsNeeded - change.ApprovalsGiven;
            foreach (var owner in owners)
            {
                wanted.Add(new Notice($"chg-approve:{change.Id}:{owner}:{day}", owner,
                    $"{change.Number} needs {missing} more approval{(missing == 1 ? "" : "s")} by {deadline:ddd d MMM HH:mm} UTC",
                    $"{change.Number} {change.Title} {(change.Type == ChangeType.Emergency ? "was an emergency change" : "bypassed the process")}: two people other than its requester approve it after the fact by {deadline:ddd d MMM HH:mm} UTC, or it counts against process compliance.",
                    $"/changes/{change.Id}", now));
            }
        }

        return await NoticesOnce.SaveNewAsync(db, wanted, cancellationToken);
    }
}
