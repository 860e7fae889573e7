using System.Security.Cryptography;
using Incidents.Domain;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Problems.Backlog;

internal sealed record BacklogConnectionInput(BacklogSystem System, string BaseUrl, string Project, string? WorkItemType, string? Labels, string? Token);

internal sealed record BacklogConnectionRow(
    long TeamId,
    string TeamName,
    long? ConnectionId,
    BacklogSystem? System,
    string? BaseUrl,
    string? Project,
    string? WorkItemType,
    string? Labels,
    string? WebhookPath,
    DateTimeOffset? LastReconciledAt,
    string? LastError,
    int OpenItems);

/// <summary>
/// Each team's backlog connection. Tokens and webhook secrets are protected with Data Protection before they are
/// stored and never shown again, except the webhook secret to an admin who asks for it (it must be pasted into GitHub).
/// </summary>
internal sealed class ManageBacklogConnections(IDbContextFactory<IncidentsDbContext> contexts, IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("Incidents.Backlog.Secrets.v1");

    public async Task<IReadOnlyList<BacklogConnectionRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
        var connections = await db.BacklogConnections.AsNoTracking().ToDictionaryAsync(c => c.TeamId, cancellationToken);
        var open = await db.Countermeasures.Where(c => c.BacklogItemId != null && c.TeamId != null && c.State != CountermeasureState.Verified && c.State != CountermeasureState.Rejected)
            .GroupBy(c => c.TeamId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return teams.Select(t => connections.GetValueOrDefault(t.Id) is { } c
            ? new BacklogConnectionRow(t.Id, t.Name, c.Id, c.System, c.BaseUrl, c.Project, c.WorkItemType, c.Labels, WebhookPath(c), c.LastReconciledAt, c.LastError, open.GetValueOrDefault(t.Id))
            : new BacklogConnectionRow(t.Id, t.Name, null, null, null, null, null, null, null, null, null, 0)).ToList();
    }

    public async Task<IReadOnlySet<long>> ConnectedTeamsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.BacklogConnections.Select(c => c.TeamId).ToListAsync(cancellationToken)).ToHashSet();
    }

    /// <summary>Creates or changes a team's connection. A blank token keeps the stored one.</summary>
    public async Task<Outcome> SaveAsync(long teamId, BacklogConnectionInput input, Actor by, CancellationToken cancellationToken = default)
    {
        if (BacklogConnection.Validate(input.System, input.BaseUrl, input.Project, input.WorkItemType) is { } error)
        {
            return Outcome.Invalid(error);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            return Outcome.NotFound("That team does not exist.");
        }

        var connection = await db.BacklogConnections.SingleOrDefaultAsync(c => c.TeamId == teamId, cancellationToken);
        if (connection is null)
        {
            if (string.IsNullOrWhiteSpace(input.Token))
            {
                return Outcome.Invalid("Give an access token that can create issues or work items.");
            }

            connection = new BacklogConnection(teamId, input.System, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)))
            {
                ProtectedWebhookSecret = protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))),
            };
            db.BacklogConnections.Add(connection);
        }

        connection.System = input.System;
        connection.BaseUrl = input.BaseUrl.Trim().TrimEnd('/');
        connection.Project = input.Project.Trim();
        connection.WorkItemType = input.System == BacklogSystem.AzureDevOps ? input.WorkItemType?.Trim() : null;
        connection.Labels = string.IsNullOrWhiteSpace(input.Labels) ? null : string.Join(", ", BacklogConnection.LabelListOf(input.Labels));
        if (!string.IsNullOrWhiteSpace(input.Token))
        {
            connection.ProtectedToken = protector.Protect(input.Token.Trim());
        }

        connection.LastError = null;
        connection.Version++;
        db.ActingAs(by);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }

    public async Task<Outcome> RemoveAsync(long teamId, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = await db.BacklogConnections.SingleOrDefaultAsync(c => c.TeamId == teamId, cancellationToken);
        if (connection is null)
        {
            return Outcome.NotFound("That team has no backlog connection.");
        }

        db.ActingAs(by).BacklogConnections.Remove(connection);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }

    /// <summary>The secret to paste into GitHub's webhook form or Azure DevOps' service hook (as the Basic password).</summary>
    public async Task<string?> RevealWebhookSecretAsync(long teamId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.BacklogConnections.Where(c => c.TeamId == teamId).Select(c => c.ProtectedWebhookSecret).SingleOrDefaultAsync(cancellationToken);
        return stored is null ? null : protector.Unprotect(stored);
    }

    internal string Unprotect(string stored) => protector.Unprotect(stored);

    internal BacklogTarget Target(BacklogConnection connection) =>
        new(connection.System, connection.BaseUrl, connection.Project, connection.WorkItemType, protector.Unprotect(connection.ProtectedToken), connection.LabelList);

    public static string WebhookPath(BacklogConnection connection) => connection.System switch
    {
        BacklogSystem.GitHub => $"/api/backlog/hooks/{connection.HookId}/github",
        BacklogSystem.AzureDevOps => $"/api/backlog/hooks/{connection.HookId}/azure-devops",
    };
}
