using Incidents.Domain;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.OnCall.Contacts;

internal sealed record ContactSetup(string? AccountEmail, IReadOnlyList<ContactMethod> Methods, IReadOnlyList<NotificationRule> Rules);

/// <summary>A person's own contact methods and notification rules (each person manages their own).</summary>
internal sealed class ManageContacts(IDbContextFactory<IncidentsDbContext> contexts)
{
    public const int MaxMethods = 20;

    public async Task<ContactSetup> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        var methods = await db.ContactMethods.AsNoTracking().Where(m => m.UserId == userId).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var rules = await db.NotificationRules.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.DelayMinutes).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        return new ContactSetup(email, methods, rules);
    }

    public async Task<(Outcome Outcome, long? Id)> AddMethodAsync(string userId, ContactKind kind, string address, string? label, Actor by, CancellationToken cancellationToken = default)
    {
        if (ContactMethod.Validate(kind, address) is { } error)
        {
            return (Outcome.Invalid(error), null);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.ContactMethods.Where(m => m.UserId == userId).ToListAsync(cancellationToken);
        if (existing.Count >= MaxMethods)
        {
            return (Outcome.Invalid($"Keep it to {MaxMethods} contact methods."), null);
        }

        var normalized = kind == ContactKind.Portal ? ContactMethod.PortalAddress : address.Trim();
        if (existing.Any(m => m.Kind == kind && string.Equals(m.Address, normalized, StringComparison.OrdinalIgnoreCase)))
        {
            return (Outcome.Conflict("You have this contact method already."), null);
        }

        var method = new ContactMethod(userId, kind, address, label);
        db.ActingAs(by).ContactMethods.Add(method);
        await db.SaveChangesAsync(cancellationToken);
        return (Outcome.Success, method.Id);
    }

    public async Task<Outcome> RemoveMethodAsync(string userId, long methodId, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var method = await db.ContactMethods.SingleOrDefaultAsync(m => m.Id == methodId && m.UserId == userId, cancellationToken);
        if (method is null)
        {
            return Outcome.NotFound("That contact method does not exist.");
        }

        db.ActingAs(by);
        db.NotificationRules.RemoveRange(await db.NotificationRules.Where(r => r.ContactMethodId == methodId).ToListAsync(cancellationToken));
        db.ContactMethods.Remove(method);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }

    public async Task<Outcome> AddRuleAsync(string userId, long methodId, int delayMinutes, Actor by, CancellationToken cancellationToken = default)
    {
        if (NotificationRule.Validate(delayMinutes) is { } error)
        {
            return Outcome.Invalid(error);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.ContactMethods.AnyAsync(m => m.Id == methodId && m.UserId == userId, cancellationToken))
        {
            return Outcome.Invalid("Choose one of your contact methods.");
        }

        if (await db.NotificationRules.AnyAsync(r => r.UserId == userId && r.ContactMethodId == methodId && r.DelayMinutes == delayMinutes, cancellationToken))
        {
            return Outcome.Conflict("You have this rule already.");
        }

        db.ActingAs(by).NotificationRules.Add(new NotificationRule(userId, methodId, delayMinutes));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }

    public async Task<Outcome> RemoveRuleAsync(string userId, long ruleId, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rule = await db.NotificationRules.SingleOrDefaultAsync(r => r.Id == ruleId && r.UserId == userId, cancellationToken);
        if (rule is null)
        {
            return Outcome.NotFound("That rule does not exist.");
        }

        db.ActingAs(by).NotificationRules.Remove(rule);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }
}
