using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Web.Data;
using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Setup.Complete;

/// <summary>Creates the first Admin while no user exists, then closes setup for good.</summary>
internal sealed partial class CompleteSetup(
    IncidentsDbContext db,
    UserManager<ApplicationUser> users,
    TimeProvider clock,
    ILogger<CompleteSetup> logger)
{
    public const string ClosedMessage = "Setup is already complete. Sign in, or ask an Admin for an invitation.";

    public async Task<bool> IsOpenAsync(CancellationToken cancellationToken = default) =>
        !await db.SetupRecords.AnyAsync(cancellationToken) && !await db.Users.AnyAsync(cancellationToken);

    public async Task<Outcome> HandleAsync(string email, string displayName, string password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(displayName))
        {
            return Outcome.Invalid("Name and email are required.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await IsOpenAsync(cancellationToken))
        {
            return Outcome.Conflict(ClosedMessage);
        }

        var now = clock.GetUtcNow();
        var admin = new ApplicationUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            DisplayName = displayName.Trim(),
            EmailConfirmed = true,
            CreatedAt = now,
            InvitationAcceptedAt = now,
        };

        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            return Outcome.Invalid(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        var inRole = await users.AddToRoleAsync(admin, nameof(Role.Admin));
        if (!inRole.Succeeded)
        {
            return Outcome.Invalid(string.Join(" ", inRole.Errors.Select(e => e.Description)));
        }

        db.SetupRecords.Add(new SetupRecord { AdminUserId = admin.Id, CompletedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another setup committed first: its record owns the singleton key.
            return Outcome.Conflict(ClosedMessage);
        }

        LogCompleted(logger, admin.Id);
        return Outcome.Success;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Setup completed; first Admin {UserId} created")]
    private static partial void LogCompleted(ILogger logger, string userId);
}
