using Microsoft.JSInterop;

namespace Incidents.Web.Components.Widgets;

/// <summary>The browser's time zone for this circuit; times are stored in UTC and shown in the viewer's zone.</summary>
internal sealed class ViewerTimeZone(IJSRuntime js)
{
    private TimeZoneInfo? zone;

    public TimeZoneInfo? Known => zone;

    public async ValueTask<TimeZoneInfo> GetAsync()
    {
        if (zone is not null)
        {
            return zone;
        }

        try
        {
            var id = await js.InvokeAsync<string?>("incidents.timeZone");
            zone = id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc;
        }
        catch (InvalidOperationException)
        {
            // Prerendering: no browser yet. The component re-renders after the circuit starts.
            return TimeZoneInfo.Utc;
        }

        return zone;
    }
}
