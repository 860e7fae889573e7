using System.Globalization;
using System.Text;
using Incidents.Domain.Changes;
using Incidents.Domain.Incidents;
using Incidents.Domain.Postmortems;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Incidents.Web.Features.Changes;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.OnCall.Channels;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Reports;

/// <summary>When the weekly operations review goes out (UTC): <c>Reports:WeeklyReview*</c>.</summary>
internal sealed class WeeklyReviewOptions
{
    public const string Section = "Reports";

    /// <summary>Whether the review is sent at all.</summary>
    public bool WeeklyReview { get; set; } = true;

    public DayOfWeek WeeklyReviewDay { get; set; } = DayOfWeek.Monday;

    /// <summary>The hour of that day, UTC (0–23).</summary>
    public int WeeklyReviewHour { get; set; } = 8;
}

/// <summary>
/// One team's weekly review, to one target: the team's chat channel ("channel") or a member (their user id, by email).
/// An outbox row, unique per team, week and target: written once, sent with retries.
/// </summary>
public sealed class WeeklyReviewDelivery : OutboxMessage
{
    public const string Channel = "channel";

    private WeeklyReviewDelivery()
    {
    }

    public WeeklyReviewDelivery(long teamId, DateTimeOffset week, string target, string subject, string text, string link, DateTimeOffset at)
    {
        TeamId = teamId;
        Week = week;
        Target = target;
        Subject = subject;
        Text = text;
        Link = link;
        CreatedAt = at;
        NextAttemptAt = at;
    }

    public long TeamId { get; private set; }

    /// <summary>Monday 00:00 UTC of the week reviewed.</summary>
    public DateTimeOffset Week { get; private set; }

    public string Target { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string Text { get; private set; } = "";

    public string Link { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }
}

internal sealed class WeeklyReviewDeliveryConfiguration : IEntityTypeConfiguration<WeeklyReviewDelivery>
{
    public void Configure(EntityTypeBuilder<WeeklyReviewDelivery> builder)
    {
        builder.Property(d => d.Target).HasMaxLength(450);
        builder.Property(d => d.Subject).HasMaxLength(200);
        builder.Property(d => d.Text).HasMaxLength(4000);
        builder.Property(d => d.Link).HasMaxLength(300);
        builder.Property(d => d.LastError).HasMaxLength(500);
        builder.HasIndex(d => new { d.TeamId, d.Week, d.Target }).IsUnique();
        builder.HasIndex(d => d.NextAttemptAt);
    }
}

/// <summary>
/// The weekly operations review: from the configured day and hour (default Monday 08:00 UTC), each team's summary of the
/// week before — incidents by severity, time to acknowledge and to resolve against the week before, SLA misses,
/// postmortems due and overdue, countermeasures overdue, change process compliance — goes to its chat channel and by
/// email to its members, with a link to the team's report. Every 15 minutes: a team without rows for that week gets
/// them (one per target, unique, so once per week per team whatever restarts or instances), then what is due is sent.
/// </summary>
internal sealed partial class WeeklyReview(
    IDbContextFactory<IncidentsDbContext> contexts,
    ReportIncidents reports,
    ChatDirect chat,
    IOptions<WeeklyReviewOptions> options,
    IOptions<ChangeOptions> changeOptions,
    IOptions<SmtpOptions> smtp,
    IOptions<PortalOptions> portal,
    TimeProvider clock,
    ILogger<WeeklyReview> logger)
{
    public const string JobId = "reports-weekly-review";

    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        await QueueAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Outbox.SendDueAsync(db, db.WeeklyReviewDeliveries, clock, delivery => SendAsync(db, delivery, cancellationToken),
            (delivery, error) => LogGaveUp(logger, delivery.TeamId, delivery.Target, error), cancellationToken);
    }

    /// <summary>The week reviewed now, or null before this week's review time.</summary>
    public DateTimeOffset? WeekDue(DateTimeOffset now)
    {
        var monday = ChangeCompliance.WeekOf(now);
        var sendAt = monday.AddDays(((int)options.Value.WeeklyReviewDay + 6) % 7).AddHours(Math.Clamp(options.Value.WeeklyReviewHour, 0, 23));
        return options.Value.WeeklyReview && now >= sendAt ? monday.AddDays(-7) : null;
    }

    /// <summary>Writes the rows of the teams not reviewed yet for the week due; the number of teams.</summary>
    public async Task<int> QueueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (WeekDue(now) is not { } week)
        {
            return 0;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var done = await db.WeeklyReviewDeliveries.Where(d => d.Week == week).Select(d => d.TeamId).Distinct().ToListAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().Include(t => t.Members).Where(t => !done.Contains(t.Id)).ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var team in teams.Where(t => t.ChatChannel is { Length: > 0 } || t.Members.Count > 0))
        {
            var (subject, text, link) = await ComposeAsync(db, team.Id, team.Name, week, now, cancellationToken);
            var targets = team.Members.Select(m => m.UserId).Prepend(team.ChatChannel is { Length: > 0 } ? WeeklyReviewDelivery.Channel : null).OfType<string>();
            db.WeeklyReviewDeliveries.AddRange(targets.Select(target => new WeeklyReviewDelivery(team.Id, week, target, subject, text, link, now)));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                queued++;
            }
            catch (DbUpdateException)
            {
                // Another instance queued this team a moment ago.
                db.ChangeTracker.Clear();
            }
        }

        return queued;
    }

    /// <summary>The review of one team's week: a subject, plain text (Markdown-friendly lines) and the report's link.</summary>
    public async Task<(string Subject, string Text, string Link)> ComposeAsync(IncidentsDbContext db, long teamId, string teamName, DateTimeOffset week, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var report = await reports.HandleAsync(new ReportFilter(week, week.AddDays(7), TeamId: teamId), cancellationToken);
        var f = report.Current;
        var p = report.Previous;
        var serviceIds = await db.Services.Where(s => s.TeamId == teamId).Select(s => s.Id).ToListAsync(cancellationToken);
        var dueBy = ChangeCompliance.WeekOf(now).AddDays(7);
        var postmortems = await db.Postmortems.AsNoTracking().Where(pm => pm.Status != PostmortemStatus.Published && pm.DueAt < dueBy)
            .Join(db.Incidents.Where(i => serviceIds.Contains(i.ServiceId)), pm => pm.IncidentId, i => i.Id, (pm, i) => pm.DueAt).ToListAsync(cancellationToken);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var open = new[] { CountermeasureState.Proposed, CountermeasureState.Accepted, CountermeasureState.InProgress };
        var countermeasuresOverdue = await db.Countermeasures.CountAsync(c => c.TeamId == teamId && open.Contains(c.State) && c.DueOn < today, cancellationToken);
        var production = Change.Production;
        var until = week.AddDays(7);
        var changes = await db.Changes.AsNoTracking()
            .Where(c => serviceIds.Contains(c.ServiceId) && c.Environment == production && c.EndedAt >= week && c.EndedAt < until
                && (c.Status == ChangeStatus.Completed || c.Status == ChangeStatus.Failed || c.Status == ChangeStatus.RolledBack))
            .Select(ChangeCompliance.AsCase).ToListAsync(cancellationToken);
        var compliance = ChangeCompliance.OfCounted(changes, changeOptions.Value.EmergencyApprovalDays, now);

        var days = $"{week.UtcDateTime:d MMM} – {week.AddDays(6).UtcDateTime:d MMM}";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Week of {days} (UTC).\n");
        text.Append(CultureInfo.InvariantCulture, $"• Incidents: {f.Count}")
            .Append(f.Count == 0 ? "" : $" ({string.Join(", ", f.BySeverity.Where(s => s.Value > 0).Select(s => $"{s.Value} {s.Key.Label()}"))})")
            .Append(CultureInfo.InvariantCulture, $"; the week before {p.Count}.\n");
        text.Append(CultureInfo.InvariantCulture,
            $"• Time to acknowledge {ReportText.Duration(f.TimeToAcknowledge.Median)} (median; before {ReportText.Duration(p.TimeToAcknowledge.Median)}), to resolve {ReportText.Duration(f.TimeToResolve.Median)} (before {ReportText.Duration(p.TimeToResolve.Median)}).\n");
        text.Append(CultureInfo.InvariantCulture,
            $"• SLA: {f.AcknowledgeSla.Missed} acknowledged late, {f.ResolveSla.Missed} resolved late; {f.Unacknowledged} never acknowledged.\n");
        var overdue = postmortems.Count(d => d < now);
        text.Append(CultureInfo.InvariantCulture, $"• Postmortems: {postmortems.Count - overdue} due this week, {overdue} overdue.\n");
        text.Append(CultureInfo.InvariantCulture, $"• Countermeasures overdue: {countermeasuresOverdue}.\n");
        text.Append(compliance.Total == 0
            ? "• Change process compliance: no production change finished."
            : $"• Change process compliance: {ReportText.Percent(compliance.Rate)} ({compliance.Through} of {compliance.Total} through the process).");
        var link = $"/reports?from={week:yyyy-MM-dd}&until={until:yyyy-MM-dd}&team={teamId.ToString(CultureInfo.InvariantCulture)}";
        return ($"Weekly review, {teamName}: {days}", text.ToString(), link);
    }

    private async Task<SendResult> SendAsync(IncidentsDbContext db, WeeklyReviewDelivery delivery, CancellationToken cancellationToken)
    {
        var link = portal.Value.Link(delivery.Link);
        if (delivery.Target == WeeklyReviewDelivery.Channel)
        {
            var channel = await db.Teams.Where(t => t.Id == delivery.TeamId).Select(t => t.ChatChannel).SingleOrDefaultAsync(cancellationToken);
            return channel is { Length: > 0 }
                ? await chat.ToChannelAsync(channel, new ChatMessage(delivery.Subject, delivery.Text, [], link, "Open the report"), cancellationToken)
                : new SendResult.Permanent("The team has no chat channel any more.");
        }

        var person = await db.Users.AsNoTracking().Where(u => u.Id == delivery.Target).Select(u => new { u.DisplayName, u.Email, u.IsDisabled }).SingleOrDefaultAsync(cancellationToken);
        if (person is not { Email.Length: > 0, IsDisabled: false })
        {
            return new SendResult.Permanent("The person has no email address, or is disabled.");
        }

        return await EmailChannel.SendAsync(smtp.Value,
            EmailChannel.Letter(smtp.Value, $"weekly-review-{delivery.Id}@incidents", delivery.Subject, person.DisplayName, person.Email, delivery.Text, link, "Open the report"), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up sending the weekly review of team {TeamId} to {Target}: {Error}")]
    private static partial void LogGaveUp(ILogger logger, long teamId, string target, string error);
}
