using System.Collections.Concurrent;
using Incidents.Domain.Access;
using Incidents.Web.Data;
using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Web.Tests.Infrastructure;

/// <summary>
/// The real app on a fresh SQLite file, with a fake clock and every log line captured.
/// Hangfire's server and the paging dispatcher's loop are off: tests drive them themselves.
/// </summary>
public class TestApp : WebApplicationFactory<Program>
{
    public const string Password = "Correct-Horse-42";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "incidents-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> settings;

    public TestApp()
        : this(null)
    {
    }

    protected TestApp(IDictionary<string, string?>? extraSettings)
    {
        Directory.CreateDirectory(folder);
        settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(folder, "incidents.db")}",
            ["Jobs:RunServer"] = "false",
            // Tests drive the paging dispatcher themselves (RunOnceAsync), with the fake clock.
            ["Paging:RunDispatcher"] = "false",
            // Tests open postmortems and send review invitations themselves (OpenPostmortems, SendInvitations.RunOnceAsync).
            ["Postmortems:RunInBackground"] = "false",
            ["Reports:RunInBackground"] = "false",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    private readonly ConcurrentDictionary<Type, Lazy<Task<object>>> seeds = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Data a class fixture's tests share, made once however many tests ask for it at the same time.</summary>
    public async Task<T> SeedOnceAsync<T>(Func<Task<T>> seed)
        where T : notnull =>
        (T)await seeds.GetOrAdd(typeof(T), _ => new Lazy<Task<object>>(async () => await seed())).Value;

    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>A browser whose connection comes from <paramref name="address"/>: cookies kept (in <paramref name="cookies"/> when given), redirects not followed.</summary>
    public HttpClient BrowserAt(string address, System.Net.CookieContainer? cookies = null, Uri? baseAddress = null)
    {
        var handler = new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies ?? new System.Net.CookieContainer())
        {
            InnerHandler = Server.CreateHandler(c => c.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address)),
        };
        return new HttpClient(handler) { BaseAddress = baseAddress ?? Server.BaseAddress };
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task<IncidentsDbContext> NewDbContextAsync() =>
        await Services.GetRequiredService<IDbContextFactory<IncidentsDbContext>>().CreateDbContextAsync();

    /// <summary>A signed-up person (invitation accepted) with the given roles.</summary>
    public Task<ApplicationUser> CreateUserAsync(string email, params Role[] roles) =>
        CreateAsync(null, email, email.Split('@')[0], roles);

    /// <summary>A person whose user id and name are <paramref name="actor"/>'s, so handlers that ask who they are find them.</summary>
    public Task<ApplicationUser> CreatePersonAsync(Domain.Actor actor, params Role[] roles) =>
        CreateAsync(actor.Id!, $"{actor.Id}@example.test", actor.Name, roles);

    private Task<ApplicationUser> CreateAsync(string? id, string email, string displayName, Role[] roles) =>
        WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser
            {
                UserName = email,
                Email = email,
                DisplayName = displayName,
                EmailConfirmed = true,
                CreatedAt = Clock.GetUtcNow(),
                InvitationAcceptedAt = Clock.GetUtcNow(),
            };
            if (id is not null)
            {
                user.Id = id;
            }

            Check(await users.CreateAsync(user, Password));
            if (roles.Length > 0)
            {
                Check(await users.AddToRolesAsync(user, roles.Select(r => r.ToString())));
            }

            return user;
        });

    /// <summary>Adds <paramref name="userId"/> to the team that owns the service.</summary>
    public async Task JoinOwningTeamAsync(long serviceId, string userId)
    {
        await using var db = await NewDbContextAsync();
        var teamId = await db.Services.Where(s => s.Id == serviceId).Select(s => s.TeamId).SingleAsync();
        var team = await db.Teams.Include(t => t.Members).SingleAsync(t => t.Id == teamId);
        team.SetMembers(team.Members.Select(m => m.UserId).Append(userId));
        await db.SaveChangesAsync();
    }

    /// <summary>A team and a service (with the default SLA targets) to log incidents against.</summary>
    public async Task<long> CreateServiceAsync(string slug = "checkout-api")
    {
        var teams = Services.GetRequiredService<Incidents.Web.Features.Catalog.Teams.ManageTeams>();
        var services = Services.GetRequiredService<Incidents.Web.Features.Catalog.Services.ManageServices>();
        var (teamOutcome, teamId) = await teams.SaveAsync(null, new("Team " + slug, null, []), Domain.Actor.System);
        Assert.True(teamOutcome.Succeeded, teamOutcome.Error);
        var (outcome, serviceId) = await services.SaveAsync(null, new("Service " + slug, slug, teamId!.Value,
            Domain.Catalog.ServiceTier.Tier1, 99.95m, null, Domain.Catalog.SlaTarget.Defaults), Domain.Actor.System);
        Assert.True(outcome.Succeeded, outcome.Error);
        return serviceId!.Value;
    }

    /// <summary>A browser that signed in through the real sign-in form.</summary>
    public async Task<HttpClient> SignedInBrowserAsync(string email, string password = Password)
    {
        var browser = CreateBrowser();
        var response = await browser.PostFormAsync("/account/login", "sign-in", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    public async Task<HttpClient> SignedInAsAsync(params Role[] roles)
    {
        var email = $"{string.Join("-", roles).ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        await CreateUserAsync(email, roles);
        return await SignedInBrowserAsync(email);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pool that is closing; the OS temp folder is cleaned anyway.
        }
    }

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}
