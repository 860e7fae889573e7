using System.Globalization;
using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Incidents.Web.Features.Changes.Manage;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Changes.Approvals;

/// <summary>
/// Asks the people who may approve a change to decide on it: normal changes waiting for approval, and emergencies and
/// bypasses awaiting their approvals after the fact. Each approver (the team that owns the service, or the Admins when
/// that team has nobody but the requester) gets one notice with Approve and Reject buttons (and a box for the reason)
/// in Slack and Teams, the bell and email. An idempotent sweep: a notice is keyed by change and person, so however
/// often it runs (and on however many instances) each is asked once.
/// </summary>
internal sealed class RequestApprovals(IDbContextFactory<IncidentsDbContext> contexts, IOptions<ChangeOptions> options, TimeProvider clock)
{
    public const string JobId = "changes-request-approvals";

    /// <summary>Older requests are left to the portal's list: nobody wants a burst of cards after an upgrade.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(14);

    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var since = now - Horizon;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var waiting = await db.Changes.AsNoTracking().Include(c => c.Approvals)
            .Where(c => c.CreatedAt > since && c.ApprovedAt == null && !c.RejectedAfterTheFact
                && (c.Status == ChangeStatus.Submitted
                    || (c.StartedAt != null && (c.Type == ChangeType.Emergency || c.Bypassed) && c.Environment == Change.Production
                        && c.Status != ChangeStatus.Draft && c.Status != ChangeStatus.Rejected && c.Status != ChangeStatus.Cancelled)))
            .ToListAsync(cancellationToken);
        if (waiting.Count == 0)
        {
            return 0;
        }

        var serviceIds = waiting.Select(c => c.ServiceId).Distinct().ToList();
        var services = await db.Services.AsNoTracking().Where(s => serviceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var owners = await Catalog.ServiceOwners.OfEach(db.Services.Where(s => serviceIds.Contains(s.Id)), db).ToListAsync(cancellationToken);
        var admins = await AdminsAsync(db, cancellationToken);
        var people = owners.Select(o => o.UserId).Concat(admins).Distinct().ToList();
        var active = (await db.Users.AsNoTracking().Where(u => people.Contains(u.Id) && !u.IsDisabled).Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet();
        var wanted = new List<Notice>();
        foreach (var change in waiting.Where(c => c.Status == ChangeStatus.Submitted || c.AwaitsApprovalAfterTheFact))
        {
            var decided = change.Approvals.Select(a => a.UserId).ToHashSet();
            var team = owners.Where(o => o.ServiceId == change.ServiceId).Select(o => o.UserId).Where(u => u != change.RequesterId).Distinct().ToList();
            var approvers = (team.Count > 0 ? team : admins.Where(u => u != change.RequesterId)).Where(u => active.Contains(u) && !decided.Contains(u));
            var (subject, text) = Words(change, services.GetValueOrDefault(change.ServiceId) ?? "its service", options.Value.EmergencyApprovalDays);
            foreach (var approver in approvers)
            {
                wanted.Add(new Notice($"chg-decide:{change.Id}:{approver}", approver, subject, text, $"/changes/{change.Id}", now).WithButtons(Buttons(change), Reason));
            }
        }

        return wanted.Count == 0 ? 0 : await NoticesOnce.SaveNewAsync(db, wanted, cancellationToken);
    }

    /// <summary>The reason box under an approval request: optional to approve, needed to reject.</summary>
    public static readonly ChatInput Reason = new("Reason", "Why (needed to reject)");

    public static IReadOnlyList<ChatAction> Buttons(Change change) =>
    [
        new("Approve", $"approve {change.Number}", Primary: true, TakesInput: true),
        new("Reject", $"reject {change.Number}", TakesInput: true),
    ];

    private static (string Subject, string Text) Words(Change change, string service, int emergencyApprovalDays)
    {
        var need = change.ApprovalsNeeded - change.ApprovalsGiven;
        var approvals = need == 1 ? "one approval" : $"{need} approvals";
        var who = change.Source == ChangeSource.Detected ? "nobody (found by its production fingerprint)" : change.RequesterName;
        var facts = $"{ManageChanges.Describe(change.Type)} {ManageChanges.Label(change.Kind).ToLowerInvariant()} · {change.Risk.ToString().ToLowerInvariant()} risk · {service} ({change.Environment}) · requested by {who}";
        if (change.Status == ChangeStatus.Submitted)
        {
            var when = change.PlannedStart is { } start ? $" Planned for {start.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)} UTC." : "";
            return ($"{change.Number} {change.Title} needs your approval", $"{facts}.{when} It needs {approvals} before it starts; the requester cannot approve it.");
        }

        var deadline = ChangeCompliance.ApprovalDeadline(change, emergencyApprovalDays);
        var why = change.Type == ChangeType.Emergency ? "was an emergency change" : change.Source == ChangeSource.Detected ? "was found in production unannounced" : "was deployed without an approved change";
        return ($"{change.Number} {change.Title} needs approval after the fact",
            $"{facts}. It {why}: it needs {approvals} by {deadline.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)} UTC, or it counts against process compliance.");
    }

    private static async Task<List<string>> AdminsAsync(IncidentsDbContext db, CancellationToken cancellationToken)
    {
        var admin = Role.Admin.ToString();
        return await db.UserRoles.Join(db.Roles.Where(r => r.Name == admin), ur => ur.RoleId, r => r.Id, (ur, r) => ur.UserId).Distinct().ToListAsync(cancellationToken);
    }
}
