using Bunit;
using MudBlazor.Services;

namespace Incidents.Web.Tests.Components;

/// <summary>
/// A bunit context with MudBlazor's services and a loose JS runtime (MudBlazor calls JS on first render).
/// Disposed asynchronously: some MudBlazor services are IAsyncDisposable only.
/// </summary>
public abstract class ComponentTestContext : IAsyncLifetime
{
    protected ComponentTestContext()
    {
        Bunit.Services.AddMudServices();
        Bunit.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected BunitContext Bunit { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Bunit.DisposeAsync();
}
