using Incidents.Web.Data;
using Incidents.Web.Features.Chat;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Dashboard.GettingStarted;

/// <summary>One step of setting the product up: where it is done, and whether it is.</summary>
internal sealed record SetupStep(string Key, string Title, string Text, string Link, bool Done);

/// <summary>
/// The first-run checklist: a service, monitoring, a schedule, an escalation policy on a service, chat. Each step ticks
/// itself from what exists; the card goes away when all are done.
/// </summary>
internal sealed class ShowGettingStarted(IDbContextFactory<IncidentsDbContext> contexts, ChatDirect chat)
{
    public async Task<IReadOnlyList<SetupStep>> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var services = await db.Services.AnyAsync(cancellationToken);
        var integrations = await db.Integrations.AnyAsync(cancellationToken);
        var schedules = await db.Schedules.AnyAsync(cancellationToken);
        var policies = await db.Services.AnyAsync(s => s.EscalationPolicyId != null, cancellationToken);
        return
        [
            new("service", "Add a service", "What you run, the team that owns it, its SLA targets.", "/admin/services", services),
            new("monitoring", "Connect monitoring", "An integration key for Alertmanager, PagerDuty Events v2 or any JSON sender.", "/admin/integrations", integrations),
            new("schedule", "Create an on-call schedule", "Who is on call when: rotations and overrides.", "/oncall/schedules", schedules),
            new("policy", "Set an escalation policy", "Who is paged, in what order, for which services.", "/oncall/policies", policies),
            new("chat", "Connect chat", "Slack or Teams: page people and act from chat (docs/chat-setup.md).", "/profile", chat.SlackOn || chat.TeamsOn),
        ];
    }
}
