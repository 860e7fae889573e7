using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Incidents.E2E;

/// <summary>
/// The real app as its own process, built by this solution, on a free loopback port with a fresh SQLite folder.
/// Stop it with <see cref="Kill"/> to simulate a crash, or dispose it for a clean shutdown.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private AppProcess(Process process, Uri baseAddress, string dataFolder)
    {
        this.process = process;
        BaseAddress = baseAddress;
        DataFolder = dataFolder;
    }

    public Uri BaseAddress { get; }

    public string DataFolder { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Runs the app with a command (such as seed-demo) on a data folder and waits for it to exit.</summary>
    public static async Task RunCommandAsync(string dataFolder, params string[] args)
    {
        var (exitCode, output, errors) = await RunAsync(dataFolder, args);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"'{string.Join(' ', args)}' exited with {exitCode}:\n{output}\n{errors}");
        }
    }

    /// <summary>Runs the app with a command (such as <c>seed-demo</c>) to its end: its exit code, output and error output.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string dataFolder, params string[] args)
    {
        var (project, dll) = Build();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__DataDirectory"] = dataFolder;
        start.Environment["Jobs__RunServer"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>A fresh database filled by <c>seed-demo</c> with these arguments, then the app started on it.</summary>
    public static async Task<AppProcess> StartSeededAsync(params string[] seedDemoArgs)
    {
        var data = NewDataFolder();
        await RunCommandAsync(data, ["seed-demo", .. seedDemoArgs]);
        return await StartAsync(data);
    }

    public static string NewDataFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "incidents-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static (string Project, string Dll) Build()
    {
        var root = RepositoryRoot();
        var configuration = typeof(AppProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var project = Path.Combine(root, "src", "Incidents.Web");
        var dll = Path.Combine(project, "bin", configuration, "net10.0", "Incidents.Web.dll");
        return File.Exists(dll) ? (project, dll) : throw new FileNotFoundException($"Build the solution first; {dll} is missing.");
    }

    public static async Task<AppProcess> StartAsync(string? dataFolder = null, IDictionary<string, string>? environment = null)
    {
        var (project, dll) = Build();
        dataFolder ??= NewDataFolder();
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        // Development serves static web assets straight from the build output, as `dotnet run` does.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__DataDirectory"] = dataFolder;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var app = new AppProcess(process, baseAddress, dataFolder);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        return app;
    }

    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        await Task.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode}:\n{Output}");
            }

            try
            {
                var response = await http.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Starting slowly.
            }

            await Task.Delay(250);
        }

        Kill();
        throw new TimeoutException($"The app was not ready within {timeout}:\n{Output}");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Incidents.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Incidents.sln not found above " + AppContext.BaseDirectory);
    }
}
