using Incidents.Domain;
using Incidents.Domain.Catalog;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Catalog.Services;

public sealed record ServiceRow(
    long Id,
    string Name,
    string Slug,
    long TeamId,
    string TeamName,
    ServiceTier Tier,
    decimal AvailabilityTarget,
    string? RunbookUrl,
    IReadOnlyList<SlaTarget> SlaTargets,
    Incidents.Domain.Incidents.Severity? PostmortemAtOrAbove = null,
    bool PostmortemOptOut = false,
    string? DeploymentRepository = null,
    string? DeploymentEnvironment = null);

internal sealed record ServiceInput(
    string Name,
    string Slug,
    long TeamId,
    ServiceTier Tier,
    decimal AvailabilityTarget,
    string? RunbookUrl,
    IReadOnlyList<SlaTarget> SlaTargets,
    Incidents.Domain.Incidents.Severity? PostmortemAtOrAbove = null,
    bool PostmortemOptOut = false,
    string? DeploymentRepository = null,
    string? DeploymentEnvironment = null);

/// <summary>Services: list, create, edit, with SLA targets per severity.</summary>
internal sealed class ManageServices(IDbContextFactory<IncidentsDbContext> contexts)
{
    public async Task<IReadOnlyList<ServiceRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        var services = await db.Services.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return services.Select(s => new ServiceRow(s.Id, s.Name, s.Slug, s.TeamId, teams.GetValueOrDefault(s.TeamId, "?"),
            s.Tier, s.AvailabilityTarget, s.RunbookUrl, s.SlaTargets, s.PostmortemAtOrAbove, s.PostmortemOptOut, s.DeploymentRepository, s.DeploymentEnvironment)).ToList();
    }

    /// <summary>The service a slug names (how the API, integrations and chat refer to services), or null.</summary>
    public async Task<long?> FindIdAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Services.Where(s => s.Slug == slug).Select(s => (long?)s.Id).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<(Outcome Outcome, long? ServiceId)> SaveAsync(long? serviceId, ServiceInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var slug = (input.Slug ?? "").Trim();
        var error = Service.Validate(input.Name, slug, input.AvailabilityTarget, input.RunbookUrl, input.SlaTargets);
        // GitHub repository names ignore case: stored in lower case, matched against the lower-cased name a webhook sends.
        var repository = string.IsNullOrWhiteSpace(input.DeploymentRepository) ? null : input.DeploymentRepository.Trim().ToLowerInvariant();
        error ??= repository is { } r && !System.Text.RegularExpressions.Regex.IsMatch(r, "^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,99}$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100))
            ? "Name the deployment repository as owner/name, e.g. acme/checkout-api."
            : null;
        var environment = string.IsNullOrWhiteSpace(input.DeploymentEnvironment) ? null : input.DeploymentEnvironment.Trim().ToLowerInvariant();
        error ??= environment is { Length: > 100 } ? "Keep the deployment environment within 100 characters."
            : environment is not null && repository is null ? "A deployment environment belongs to a deployment repository; name the repository too."
            : null;
        if (error is not null)
        {
            return (Outcome.Invalid(error), null);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ActingAs(actor);
        if (!await db.Teams.AnyAsync(t => t.Id == input.TeamId, cancellationToken))
        {
            return (Outcome.Invalid("Choose the owning team."), null);
        }

        var name = input.Name.Trim();
        if (await db.Services.AnyAsync(s => (s.Slug == slug || s.Name == name) && s.Id != serviceId, cancellationToken))
        {
            return (Outcome.Conflict($"Another service already uses the name {name} or the slug {slug}."), null);
        }

        Service? service;
        if (serviceId is { } id)
        {
            service = await db.Services.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (service is null)
            {
                return (Outcome.NotFound("No such service."), null);
            }

            service.Name = name;
            service.Slug = slug;
            service.TeamId = input.TeamId;
            service.Tier = input.Tier;
            service.AvailabilityTarget = input.AvailabilityTarget;
        }
        else
        {
            service = new Service(name, slug, input.TeamId, input.Tier, input.AvailabilityTarget);
            db.Services.Add(service);
        }

        service.RunbookUrl = string.IsNullOrWhiteSpace(input.RunbookUrl) ? null : input.RunbookUrl.Trim();
        service.SetSlaTargets(input.SlaTargets);
        service.PostmortemAtOrAbove = input.PostmortemAtOrAbove;
        service.PostmortemOptOut = input.PostmortemOptOut;
        service.DeploymentRepository = repository;
        service.DeploymentEnvironment = environment;
        await db.SaveChangesAsync(cancellationToken);
        return (Outcome.Success, service.Id);
    }
}
