namespace Incidents.E2E;

/// <summary>Programs the tests drive (Chromium, Alertmanager), found on PATH as Debian installs them.</summary>
internal static class Executables
{
    public static string? OnPath(params string[] names) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
}
