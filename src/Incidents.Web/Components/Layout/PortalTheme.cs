using MudBlazor;

namespace Incidents.Web.Components.Layout;

internal static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            // WCAG AA: every fill below carries white text at 4.5:1 or more, and text colours read on the background.
            Primary = "#4f46e5",
            Secondary = "#c2410c",
            Tertiary = "#0d9488",
            AppbarBackground = "#1e1b4b",
            AppbarText = "#ffffff",
            Background = "#f6f7fb",
            DrawerBackground = "#ffffff",
            DrawerText = "rgba(15,23,42,0.87)",
            Error = "#b91c1c",
            Warning = "#b45309",
            Success = "#15803d",
            Info = "#1d4ed8",
            TextSecondary = "rgba(0,0,0,0.64)",
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
            // Light fills on a dark page: their text is dark (white on them is under 3:1).
            PrimaryContrastText = "#0f0d2e",
            SecondaryContrastText = "#1c0a00",
            TertiaryContrastText = "#042f2e",
            ErrorContrastText = "#1f0505",
            WarningContrastText = "#1c1400",
            SuccessContrastText = "#052e16",
            InfoContrastText = "#0b1530",
            TextSecondary = "rgba(255,255,255,0.72)",
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "8px",
            DrawerWidthLeft = "248px",
        },
    };
}
