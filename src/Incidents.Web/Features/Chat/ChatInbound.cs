using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Chat;

/// <summary>
/// An event or button press from a chat platform, stored before it is acknowledged: the key (Slack's event_id, a
/// trigger id) is unique, so a platform's retry is recognised and not acted on twice, and a request acknowledged
/// just before a crash is processed after the restart.
/// </summary>
public sealed class ChatInbound
{
    public long Id { get; set; }

    public ChatMedium Medium { get; set; }

    public string Key { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Payload { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }
}

/// <summary>A message the bot posted about an incident (a page, a card), kept so it can be updated when the incident changes.</summary>
public sealed class ChatMessageRef
{
    public long Id { get; set; }

    public ChatMedium Medium { get; set; }

    public long IncidentId { get; set; }

    public string Conversation { get; set; } = "";

    /// <summary>Slack's ts; Teams' activity id.</summary>
    public string MessageId { get; set; } = "";

    /// <summary>"page", "card" or "team".</summary>
    public string Purpose { get; set; } = "";

    public DateTimeOffset PostedAt { get; set; }
}

internal sealed class ChatInboundConfiguration : IEntityTypeConfiguration<ChatInbound>, IEntityTypeConfiguration<ChatMessageRef>
{
    public void Configure(EntityTypeBuilder<ChatInbound> builder)
    {
        builder.Property(i => i.Medium).HasConversion<string>().HasMaxLength(10);
        builder.Property(i => i.Key).HasMaxLength(200);
        builder.Property(i => i.Kind).HasMaxLength(30);
        builder.HasIndex(i => new { i.Medium, i.Key }).IsUnique();
        builder.HasIndex(i => i.ProcessedAt);
    }

    public void Configure(EntityTypeBuilder<ChatMessageRef> builder)
    {
        builder.Property(m => m.Medium).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.Conversation).HasMaxLength(200);
        builder.Property(m => m.MessageId).HasMaxLength(200);
        builder.Property(m => m.Purpose).HasMaxLength(10);
        builder.HasIndex(m => new { m.Medium, m.Conversation, m.MessageId }).IsUnique();
        builder.HasIndex(m => m.IncidentId);
    }
}
