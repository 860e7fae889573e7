using Microsoft.AspNetCore.Identity;

namespace Incidents.Web.Features.Users;

public sealed class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A disabled person cannot sign in, and live sessions end at the next security-stamp check.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>Null until the person sets a password through their invitation.</summary>
    public DateTimeOffset? InvitationAcceptedAt { get; set; }
}
