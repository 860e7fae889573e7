using System.Globalization;
using System.Text;
using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Incidents.Web.Features.Chat;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Changes.Windows;

/// <summary>
/// A window's readiness report as it stood at one of its checkpoints, waiting to be posted to the owning team's chat
/// channel (an outbox row: unique per window, occurrence and checkpoint, so it is posted once).
/// </summary>
public sealed class ReadinessPost : OutboxMessage
{
    private ReadinessPost()
    {
    }

    public ReadinessPost(long windowId, DateTimeOffset occurrence, string checkpoint, string channel, string title, string text, string link, DateTimeOffset at)
    {
        WindowId = windowId;
        Occurrence = occurrence;
        Checkpoint = checkpoint;
        Channel = channel;
        Title = title.Length > 200 ? title[..200] : title;
        Text = text.Length > 3000 ? text[..2997] + "…" : text;
        Link = link;
        CreatedAt = at;
        NextAttemptAt = at;
    }

    public long WindowId { get; private set; }

    public DateTimeOffset Occurrence { get; private set; }

    public string Checkpoint { get; private set; } = "";

    /// <summary>The team's Slack channel or Teams channel id at the time.</summary>
    public string Channel { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Text { get; private set; } = "";

    /// <summary>Portal-relative link to the readiness report.</summary>
    public string Link { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }
}

internal sealed class ReadinessPostConfiguration : IEntityTypeConfiguration<ReadinessPost>
{
    public void Configure(EntityTypeBuilder<ReadinessPost> builder)
    {
        builder.Property(p => p.Checkpoint).HasMaxLength(100);
        builder.Property(p => p.Channel).HasMaxLength(200);
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.Text).HasMaxLength(3000);
        builder.Property(p => p.Link).HasMaxLength(300);
        builder.Property(p => p.LastError).HasMaxLength(500);
        builder.HasIndex(p => new { p.WindowId, p.Occurrence, p.Checkpoint }).IsUnique();
        builder.HasIndex(p => p.NextAttemptAt);
    }
}

/// <summary>
/// At each checkpoint of a deployment window, the window's readiness report goes to the chat channel of the team that
/// owns it (the window's team, or its service's team): which changes, their state, approvals, risk, checklist and the
/// checkpoints they missed. Runs every five minutes: a checkpoint that fell due in the last hour and has no post yet
/// gets one, written before it is sent (unique per window, occurrence and checkpoint), then sent with retries.
/// </summary>
internal sealed partial class PostReadiness(
    IDbContextFactory<IncidentsDbContext> contexts,
    ManageWindows windows,
    ChatDirect chat,
    IOptions<PortalOptions> portal,
    TimeProvider clock,
    ILogger<PostReadiness> logger)
{
    public const string JobId = "changes-readiness-posts";

    /// <summary>How late a checkpoint is still posted (a restart, a slow run); older ones are left to the calendar.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        await QueueAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Outbox.SendDueAsync(db, db.ReadinessPosts, clock, post => chat.ToChannelAsync(post.Channel,
                new ChatMessage(post.Title, post.Text, [], portal.Value.Link(post.Link), "Open the readiness report"), cancellationToken),
            (post, error) => LogGaveUp(logger, post.WindowId, post.Checkpoint, error), cancellationToken);
    }

    /// <summary>Writes the posts of the checkpoints that fell due within the grace period; the number written.</summary>
    public async Task<int> QueueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channels = await ChannelsAsync(db, cancellationToken);
        if (channels.Count == 0)
        {
            return 0;
        }

        // Checkpoints come at most 14 days before their window.
        var calendar = await windows.CalendarAsync(now, now.AddDays(16), null, cancellationToken);
        var due = calendar.Windows
            .Where(w => channels.ContainsKey(w.Occurrence.WindowId))
            .SelectMany(w => w.Occurrence.Checkpoints.Where(k => k.Due <= now && k.Due > now - Grace).Select(k => (Readiness: w, k.Checkpoint, k.Due)))
            .ToList();
        var written = 0;
        foreach (var (readiness, checkpoint, dueAt) in due)
        {
            var o = readiness.Occurrence;
            if (await db.ReadinessPosts.AnyAsync(p => p.WindowId == o.WindowId && p.Occurrence == o.Start && p.Checkpoint == checkpoint.Name, cancellationToken))
            {
                continue;
            }

            var (title, text) = Words(readiness, checkpoint, dueAt);
            db.ReadinessPosts.Add(new ReadinessPost(o.WindowId, o.Start, checkpoint.Name, channels[o.WindowId], title, text,
                $"/changes/windows/{o.WindowId}/readiness.md?start={o.Start.ToUnixTimeSeconds()}", now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                written++;
            }
            catch (DbUpdateException)
            {
                // Another instance wrote it a moment ago.
                db.ChangeTracker.Clear();
            }
        }

        return written;
    }

    /// <summary>The post: a headline with how many changes are behind, then one line per change.</summary>
    public static (string Title, string Text) Words(WindowReadiness readiness, Checkpoint checkpoint, DateTimeOffset due)
    {
        var o = readiness.Occurrence;
        var title = $"{o.Name} {o.Start.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)} UTC: checkpoint \"{checkpoint.Name}\"";
        var text = new StringBuilder();
        if (readiness.Changes.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"No change is planned in this window ({readiness.Scope}) yet.");
            return (title, text.ToString());
        }

        var behind = readiness.Changes.Count(c => !checkpoint.IsReachedBy(c.Status));
        text.Append(CultureInfo.InvariantCulture, $"{readiness.Changes.Count} change{(readiness.Changes.Count == 1 ? "" : "s")} planned ({readiness.Scope}); ");
        text.Append(behind == 0
            ? $"all {Change.Describe(checkpoint.Reached)} as this checkpoint asks."
            : $"{behind} not {Change.Describe(checkpoint.Reached)} by {due.ToString("ddd HH:mm", CultureInfo.InvariantCulture)} UTC as this checkpoint asks.");
        foreach (var c in readiness.Changes.Take(15))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n• {(checkpoint.IsReachedBy(c.Status) ? "" : "⚠ ")}{c.Number} {c.Title} · {c.ServiceName} · {Change.Label(c.Status).ToLowerInvariant()} · approvals {c.ApprovalsGiven} of {c.ApprovalsNeeded} · {c.Risk.ToString().ToLowerInvariant()} risk · checklist {c.StepsDone} of {c.Steps}");
        }

        if (readiness.Changes.Count > 15)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n…and {readiness.Changes.Count - 15} more in the report.");
        }

        return (title, text.ToString());
    }

    /// <summary>Each window's team channel: its team's, or its service's team's; windows of teams without one are left out.</summary>
    private static async Task<Dictionary<long, string>> ChannelsAsync(IncidentsDbContext db, CancellationToken cancellationToken)
    {
        var teams = await db.Teams.AsNoTracking().Where(t => t.ChatChannel != null && t.ChatChannel != "").ToDictionaryAsync(t => t.Id, t => t.ChatChannel!, cancellationToken);
        var serviceTeams = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.TeamId, cancellationToken);
        var result = new Dictionary<long, string>();
        foreach (var w in await db.DeploymentWindows.AsNoTracking().Select(w => new { w.Id, w.TeamId, w.ServiceId }).ToListAsync(cancellationToken))
        {
            var team = w.TeamId ?? (w.ServiceId is { } s && serviceTeams.TryGetValue(s, out var t) ? t : null);
            if (team is { } id && teams.TryGetValue(id, out var channel))
            {
                result[w.Id] = channel;
            }
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up posting the readiness of window {WindowId} at checkpoint {Checkpoint}: {Error}")]
    private static partial void LogGaveUp(ILogger logger, long windowId, string checkpoint, string error);
}
