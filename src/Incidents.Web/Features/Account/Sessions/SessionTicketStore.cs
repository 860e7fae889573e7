using System.Security.Claims;
using System.Security.Cryptography;
using Incidents.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Account.Sessions;

/// <summary>
/// The portal cookie's server side (<see cref="ITicketStore"/>): tickets are rows of <see cref="UserSession"/>, read on
/// every request, so a session ends for every instance the moment its row goes.
/// </summary>
internal sealed class SessionTicketStore(IDbContextFactory<IncidentsDbContext> contexts, IDataProtectionProvider protection, TimeProvider clock) : ITicketStore
{
    /// <summary>The session's key, in the stored principal, so open circuits can check that their session still exists.</summary>
    public const string SessionIdClaim = "incidents:sid";

    private readonly IDataProtector protector = protection.CreateProtector("Incidents.Sessions.v1");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var id = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("A session needs a person.");
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync();
        // The person's expired sessions go when they start a new one.
        await db.UserSessions.Where(s => s.UserId == userId && s.ExpiresAt < now).ExecuteDeleteAsync();
        db.UserSessions.Add(new UserSession { Id = id, UserId = userId, Ticket = Protect(id, ticket), CreatedAt = now, ExpiresAt = ticket.Properties.ExpiresUtc });
        await db.SaveChangesAsync();
        return id;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var ticketBytes = Protect(key, ticket);
        var expires = ticket.Properties.ExpiresUtc;
        await db.UserSessions.Where(s => s.Id == key).ExecuteUpdateAsync(s => s.SetProperty(x => x.Ticket, ticketBytes).SetProperty(x => x.ExpiresAt, expires));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var row = await db.UserSessions.AsNoTracking().Where(s => s.Id == key).Select(s => new { s.Ticket, s.ExpiresAt }).SingleOrDefaultAsync();
        if (row is null || row.ExpiresAt < clock.GetUtcNow())
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(protector.Unprotect(row.Ticket));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public async Task RemoveAsync(string key)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync();
    }

    /// <summary>Whether the session a principal was issued for still exists (open circuits check this every minute).</summary>
    public async Task<bool> IsLiveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (principal.FindFirstValue(SessionIdClaim) is not { } key)
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return await db.UserSessions.AnyAsync(s => s.Id == key && (s.ExpiresAt == null || s.ExpiresAt >= now), cancellationToken);
    }

    /// <summary>Ends every session of a person (disabled, or signing out everywhere).</summary>
    public async Task EndAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
    }

    private byte[] Protect(string key, AuthenticationTicket ticket)
    {
        // A renewed ticket carries the principal re-read from the database; it gets its session's key again.
        if (ticket.Principal.FindFirst(SessionIdClaim) is null && ticket.Principal.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(SessionIdClaim, key));
        }

        return protector.Protect(TicketSerializer.Default.Serialize(ticket));
    }

}

/// <summary>Puts the store behind the portal cookie.</summary>
internal sealed class UseSessionStore(SessionTicketStore store) : Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (name == Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme)
        {
            options.SessionStore = store;
        }
    }
}
