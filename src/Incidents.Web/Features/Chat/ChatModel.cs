using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Incidents.Web.Features.Chat;

public enum ChatMedium
{
    Portal,
    Slack,
    Teams,
}

/// <summary>Who is speaking in chat, once matched to a person of ours, with their roles.</summary>
internal sealed record ChatPerson(string UserId, string Name, IReadOnlyList<Role> Roles);

/// <summary>Where a command was said: the conversation (channel), the thread, and an incident the surface is about (a card, a portal page).</summary>
internal sealed record ChatContext(ChatMedium Medium, string ConversationId, string? ThreadId = null, long? IncidentId = null);

/// <summary>An incident as chat shows it (a card, a list line).</summary>
public sealed record ChatIncident(long Id, string Title, Severity Severity, IncidentStatus Status, string Service, string? Commander, Uri Link)
{
    public string Number => Incident.Format(Id);

    /// <summary>Whether the incident's status allows <paramref name="action"/> (the domain's rule; who presses is checked when they do).</summary>
    public bool Allows(IncidentAction action) => Incident.WhyNotIn(Status, Number, action) is null;
}

/// <summary>
/// The answer, independent of the medium; each channel renders it its own way. <paramref name="Settles"/>: the answer
/// settles the card whose button asked (an approval request), which is replaced by it, buttons gone.
/// </summary>
internal sealed record ChatReply(string Text, bool Ok = true, ChatIncident? Incident = null, IReadOnlyList<ChatIncident>? Incidents = null, bool Settles = false);

/// <summary>A chat user matched to a person: by email lookup, or by a one-time code from the portal profile.</summary>
public sealed class ChatIdentity
{
    public long Id { get; set; }

    public ChatMedium Medium { get; set; }

    /// <summary>Slack "team:user", Teams AAD object id or channel account id.</summary>
    public string ExternalId { get; set; } = "";

    public string UserId { get; set; } = "";

    public DateTimeOffset LinkedAt { get; set; }
}

/// <summary>A one-time code a person types as <c>link &lt;code&gt;</c> in chat to prove who they are.</summary>
public sealed class ChatLinkCode
{
    public string Code { get; set; } = "";

    public string UserId { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>The incident a conversation (or thread) is about: where its card was posted or where it was declared.</summary>
public sealed class ChatConversation
{
    public long Id { get; set; }

    public ChatMedium Medium { get; set; }

    public string ConversationId { get; set; } = "";

    /// <summary>Empty for the conversation itself, else the thread.</summary>
    public string ThreadId { get; set; } = "";

    public long IncidentId { get; set; }

    public DateTimeOffset At { get; set; }
}

internal sealed class ChatConfiguration : IEntityTypeConfiguration<ChatIdentity>, IEntityTypeConfiguration<ChatLinkCode>, IEntityTypeConfiguration<ChatConversation>
{
    public void Configure(EntityTypeBuilder<ChatIdentity> builder)
    {
        builder.Property(i => i.Medium).HasConversion<string>().HasMaxLength(10);
        builder.Property(i => i.ExternalId).HasMaxLength(200);
        builder.Property(i => i.UserId).HasMaxLength(450);
        builder.HasIndex(i => new { i.Medium, i.ExternalId }).IsUnique();
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ChatLinkCode> builder)
    {
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(16);
        builder.Property(c => c.UserId).HasMaxLength(450);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ChatConversation> builder)
    {
        builder.Property(c => c.Medium).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.ConversationId).HasMaxLength(200);
        builder.Property(c => c.ThreadId).HasMaxLength(200);
        builder.HasIndex(c => new { c.Medium, c.ConversationId, c.ThreadId }).IsUnique();
        builder.HasOne<Incident>().WithMany().HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}
