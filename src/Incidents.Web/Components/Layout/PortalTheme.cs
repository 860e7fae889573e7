using MudBlazor;

namespace Incidents.Web.Components.Layout;

internal static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4f46e5",
            Secondary = "#f97316",
            Tertiary = "#0d9488",
            AppbarBackground = "#1e1b4b",
            AppbarText = "#ffffff",
            Background = "#f6f7fb",
            DrawerBackground = "#ffffff",
            DrawerText = "rgba(15,23,42,0.87)",
            Error = "#dc2626",
            Warning = "#d97706",
            Success = "#16a34a",
            Info = "#2563eb",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#818cf8",
            Secondary = "#fb923c",
            Tertiary = "#2dd4bf",
            AppbarBackground = "#0f0d2e",
            Background = "#12121a",
            Surface = "#1c1c28",
            DrawerBackground = "#17171f",
            Error = "#f87171",
            Warning = "#fbbf24",
            Success = "#4ade80",
            Info = "#60a5fa",
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "8px",
            DrawerWidthLeft = "248px",
        },
    };
}
