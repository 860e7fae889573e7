using Incidents.Web.Features.Users;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Notices;

/// <summary>
/// Something a person should hear about that is not a page (their countermeasure proved ineffective, they were made
/// owner). An outbox row: written in the same transaction as the change, sent by <see cref="SendNotices"/>, retried.
/// The key makes the same notice at most one row.
/// </summary>
public sealed class Notice : OutboxMessage
{
    private Notice()
    {
    }

    public Notice(string key, string userId, string subject, string text, string? link, DateTimeOffset at)
    {
        Key = key;
        UserId = userId;
        Subject = subject.Length > 200 ? subject[..200] : subject;
        Text = text;
        Link = link;
        CreatedAt = at;
        NextAttemptAt = at;
    }

    public string Key { get; private set; } = "";

    public string UserId { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string Text { get; private set; } = "";

    /// <summary>Portal-relative link to what it is about.</summary>
    public string? Link { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Buttons (and a text box) for its Slack and Teams message, as JSON; null for a plain notice.</summary>
    public string? ChatButtons { get; private set; }

    /// <summary>The notice asks for a decision in chat: pressing a button runs its command as the person who pressed it.</summary>
    internal Notice WithButtons(IReadOnlyList<Chat.ChatAction> actions, Chat.ChatInput? input)
    {
        ChatButtons = System.Text.Json.JsonSerializer.Serialize(new NoticeButtons(actions, input));
        return this;
    }

    internal NoticeButtons? Buttons => ChatButtons is null ? null : System.Text.Json.JsonSerializer.Deserialize<NoticeButtons>(ChatButtons);
}

/// <summary>What a notice's chat message offers to press.</summary>
internal sealed record NoticeButtons(IReadOnlyList<Chat.ChatAction> Actions, Chat.ChatInput? Input);

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> builder)
    {
        builder.Property(n => n.Key).HasMaxLength(200);
        builder.Property(n => n.UserId).HasMaxLength(450);
        builder.Property(n => n.Subject).HasMaxLength(200);
        builder.Property(n => n.Text).HasMaxLength(8000);
        builder.Property(n => n.Link).HasMaxLength(500);
        builder.Property(n => n.ChatButtons).HasMaxLength(4000);
        builder.Ignore(n => n.Buttons);
        builder.Property(n => n.LastError).HasMaxLength(500);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => n.Key).IsUnique();
        builder.HasIndex(n => n.NextAttemptAt);
    }
}

/// <summary>Recurring reminders and nudges: each notice once, however often the job runs.</summary>
internal static class NoticesOnce
{
    /// <summary>
    /// Saves those of <paramref name="wanted"/> whose key is new; the number saved. Another instance writing the same
    /// keys at the same moment makes this save fail whole (unique keys), and its rows stand: 0.
    /// </summary>
    public static async Task<int> SaveNewAsync(Data.IncidentsDbContext db, IReadOnlyList<Notice> wanted, CancellationToken cancellationToken)
    {
        var keys = wanted.Select(n => n.Key).ToList();
        var existing = (await db.Notices.Where(n => keys.Contains(n.Key)).Select(n => n.Key).ToListAsync(cancellationToken)).ToHashSet();
        var added = wanted.Where(n => existing.Add(n.Key)).ToList();
        db.Notices.AddRange(added);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return 0;
        }

        return added.Count;
    }
}
