using Incidents.Domain;
using Incidents.Domain.Alerts;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Alerts.Integrations;

internal sealed record IntegrationRow(
    long Id, string Name, IntegrationKind Kind, long ServiceId, string ServiceName, GroupingMode Grouping, int GroupingWindowMinutes,
    bool AutoResolve, string? RoutingLabel, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, int OpenAlerts);

internal sealed record IntegrationInput(string Name, IntegrationKind Kind, long ServiceId, GroupingMode Grouping, int GroupingWindowMinutes, bool AutoResolve, string? RoutingLabel);

/// <summary>Integrations per service: create (the key is returned once), list, revoke.</summary>
internal sealed class ManageIntegrations(IDbContextFactory<IncidentsDbContext> contexts, Ingest.IntegrationKeys keys, TimeProvider clock)
{
    public async Task<IReadOnlyList<IntegrationRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Integrations.AsNoTracking()
            .OrderBy(i => i.RevokedAt != null).ThenBy(i => i.Name)
            .Select(i => new IntegrationRow(i.Id, i.Name, i.Kind, i.ServiceId,
                db.Services.Where(s => s.Id == i.ServiceId).Select(s => s.Name).First(),
                i.Grouping, i.GroupingWindowMinutes, i.AutoResolve, i.RoutingLabel, i.CreatedAt, i.RevokedAt,
                db.Alerts.Count(a => a.IntegrationId == i.Id && a.OpenKey != null)))
            .ToListAsync(cancellationToken);
    }

    /// <summary><paramref name="chosenKey"/> is for automation only (demo data, provisioning): a 32-character key instead of a random one.</summary>
    public async Task<(Outcome Outcome, string? Key)> CreateAsync(IntegrationInput input, Actor actor, string? chosenKey = null, CancellationToken cancellationToken = default)
    {
        if (chosenKey is not null && (chosenKey.Length != 32 || !chosenKey.All(char.IsAsciiLetterOrDigit)))
        {
            return (Outcome.Invalid("An integration key is 32 letters and digits."), null);
        }

        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 100)
        {
            return (Outcome.Invalid("Name the integration (at most 100 characters), e.g. \"Prometheus production\"."), null);
        }

        if (input.GroupingWindowMinutes is < 1 or > 1440)
        {
            return (Outcome.Invalid("The grouping window is 1 to 1,440 minutes."), null);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Services.AnyAsync(s => s.Id == input.ServiceId, cancellationToken))
        {
            return (Outcome.Invalid("Choose the service the alerts belong to."), null);
        }

        var key = chosenKey ?? Integration.GenerateKey();
        if (await db.Integrations.AnyAsync(i => i.KeyHash == Integration.Hash(key), cancellationToken))
        {
            return (Outcome.Conflict("That key is already in use."), null);
        }

        db.ActingAs(actor).Integrations.Add(new Integration
        {
            Name = input.Name.Trim(),
            Kind = input.Kind,
            ServiceId = input.ServiceId,
            KeyHash = Integration.Hash(key),
            Grouping = input.Grouping,
            GroupingWindowMinutes = input.GroupingWindowMinutes,
            AutoResolve = input.AutoResolve,
            RoutingLabel = string.IsNullOrWhiteSpace(input.RoutingLabel) ? null : input.RoutingLabel.Trim(),
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        keys.Forget();
        return (Outcome.Success, key);
    }

    public async Task<Outcome> RevokeAsync(long integrationId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var integration = await db.ActingAs(actor).Integrations.SingleOrDefaultAsync(i => i.Id == integrationId, cancellationToken);
        if (integration is null)
        {
            return Outcome.NotFound("No such integration.");
        }

        integration.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        keys.Forget();
        return Outcome.Success;
    }

    /// <summary>Where each kind posts, relative to the portal; Events v2 takes the key in the body.</summary>
    public static string EndpointFor(IntegrationKind kind, string key) => kind switch
    {
        IntegrationKind.Alertmanager => $"/api/v1/alerts/alertmanager/{key}",
        IntegrationKind.EventsV2 => "/v2/enqueue",
        IntegrationKind.Generic => $"/api/v1/alerts/generic/{key}",
    };
}
