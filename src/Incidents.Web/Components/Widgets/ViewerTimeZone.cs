using System.Globalization;
using Microsoft.JSInterop;

namespace Incidents.Web.Components.Widgets;

/// <summary>
/// The browser's time zone and language for this circuit: times are stored in UTC and shown in the viewer's zone;
/// date pickers follow the viewer's language (day and month names, the order of day, month and year).
/// </summary>
internal sealed class ViewerTimeZone(IJSRuntime js)
{
    private TimeZoneInfo? zone;
    private CultureInfo? culture;

    public TimeZoneInfo? Known => zone;

    public CultureInfo? KnownCulture => culture;

    public async ValueTask<CultureInfo> GetCultureAsync()
    {
        if (culture is not null)
        {
            return culture;
        }

        try
        {
            culture = CultureOf(await js.InvokeAsync<string?>("incidents.locale"));
        }
        catch (InvalidOperationException)
        {
            return CultureInfo.InvariantCulture;
        }

        return culture;
    }

    /// <summary>The culture a browser's language tag names; an unknown or missing tag gives the invariant culture.</summary>
    public static CultureInfo CultureOf(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag) || tag.Length > 35)
        {
            return CultureInfo.InvariantCulture;
        }

        try
        {
            return CultureInfo.GetCultureInfo(tag.Trim(), predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

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
