using Incidents.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Inbox;

/// <summary>What an item in a person's portal inbox is about.</summary>
public enum InboxKind
{
    /// <summary>They were paged (the Portal contact method).</summary>
    Page,
    /// <summary>Someone made them the commander of an incident or added them to its response.</summary>
    Assignment,
    /// <summary>Someone wrote @them in a note or a status update.</summary>
    Mention,
    /// <summary>A notice (a postmortem is theirs, a countermeasure proved ineffective…), also sent by email and chat.</summary>
    Notice,
}

/// <summary>
/// One line in a person's notification bell. Written in the same transaction as what it tells (an assignment, a
/// mention) or by the Portal channel for a delivery; the key makes the same news at most one row, so a channel that
/// sends at least once never shows a page twice.
/// </summary>
public sealed class InboxItem
{
    public const int MaxSubjectLength = 300;

    private InboxItem()
    {
    }

    public InboxItem(string key, string userId, InboxKind kind, string subject, string? link, long? incidentId, DateTimeOffset at)
    {
        Key = key;
        UserId = userId;
        Kind = kind;
        Subject = subject.Length > MaxSubjectLength ? subject[..(MaxSubjectLength - 1)] + "…" : subject;
        Link = link;
        IncidentId = incidentId;
        CreatedAt = at;
    }

    public long Id { get; private set; }

    public string Key { get; private set; } = "";

    public string UserId { get; private set; } = "";

    public InboxKind Kind { get; private set; }

    public string Subject { get; private set; } = "";

    /// <summary>Portal-relative link to what it is about.</summary>
    public string? Link { get; private set; }

    public long? IncidentId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset at) => ReadAt ??= at;
}

internal sealed class InboxItemConfiguration : IEntityTypeConfiguration<InboxItem>
{
    public void Configure(EntityTypeBuilder<InboxItem> builder)
    {
        builder.Property(i => i.Key).HasMaxLength(200);
        builder.Property(i => i.UserId).HasMaxLength(450);
        builder.Property(i => i.Subject).HasMaxLength(InboxItem.MaxSubjectLength);
        builder.Property(i => i.Link).HasMaxLength(500);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.Key).IsUnique();
        builder.HasIndex(i => new { i.UserId, i.ReadAt, i.Id });
    }
}
