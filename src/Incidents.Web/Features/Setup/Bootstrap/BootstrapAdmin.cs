using Incidents.Web.Features.Setup.Complete;

namespace Incidents.Web.Features.Setup.Bootstrap;

internal sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    public string AdminName { get; set; } = "Administrator";
}

/// <summary>For automation: creates the first Admin from configuration at start-up, the same way /setup does.</summary>
internal sealed partial class BootstrapAdmin(
    IServiceScopeFactory scopes,
    Microsoft.Extensions.Options.IOptions<BootstrapOptions> options,
    ILogger<BootstrapAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.AdminEmail) || string.IsNullOrEmpty(settings.AdminPassword))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<CompleteSetup>();
        if (!await setup.IsOpenAsync(cancellationToken))
        {
            return;
        }

        var outcome = await setup.HandleAsync(settings.AdminEmail, settings.AdminName, settings.AdminPassword, cancellationToken);
        if (!outcome.Succeeded)
        {
            // The error text comes from Identity's validators and never echoes the password.
            LogFailed(logger, outcome.Error ?? "unknown");
            throw new InvalidOperationException($"Bootstrap:AdminEmail is set but the first Admin could not be created: {outcome.Error}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Bootstrap admin could not be created: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
