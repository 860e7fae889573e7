using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Alerts;
using Incidents.Domain.Catalog;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Incidents.Web.Features.Alerts;
using Incidents.Web.Features.Alerts.Integrations;
using Incidents.Web.Features.Catalog.Services;
using Incidents.Web.Features.Catalog.Teams;
using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Demo;

/// <summary>
/// Realistic demo data: teams, services and N incidents spread over time (most resolved or closed, recent ones
/// open), each with its timeline. Rows are written with prepared commands in large transactions, so a million
/// incidents take minutes, not hours; demo rows bypass the audit trail on purpose.
/// </summary>
internal sealed partial class DemoData(
    IDbContextFactory<IncidentsDbContext> contexts,
    IServiceScopeFactory scopes,
    ManageTeams teams,
    ManageServices services,
    ManageIntegrations integrations,
    TimeProvider clock,
    ILogger<DemoData> logger)
{
    private const int BatchSize = 20_000;

    private static readonly (string Team, (string Name, string Slug, ServiceTier Tier)[] Services)[] Catalog =
    [
        ("Payments", [("Checkout API", "checkout-api", ServiceTier.Tier1), ("Payment Gateway", "payment-gateway", ServiceTier.Tier1)]),
        ("Platform", [("Identity", "identity", ServiceTier.Tier1), ("Message Bus", "message-bus", ServiceTier.Tier2)]),
        ("Search", [("Search API", "search-api", ServiceTier.Tier2), ("Indexer", "indexer", ServiceTier.Tier3)]),
        ("Mobile", [("Mobile Backend", "mobile-backend", ServiceTier.Tier2), ("Push Notifications", "push-notifications", ServiceTier.Tier3)]),
    ];

    private static readonly string[] Symptoms =
    [
        "Elevated 5xx error rate", "Latency p99 above SLO", "Timeouts calling the database", "Memory leak after deploy",
        "Certificate about to expire", "Queue backlog growing", "Login failures for some customers", "Disk nearly full",
        "Pods crash-looping", "Stale data served from cache", "Third-party API returning 429", "Slow page loads in EU",
    ];

    public static bool IsRequested(string[] args) => args.Contains("seed-demo");

    /// <summary>
    /// <c>seed-demo</c>: checks the whole command line first (a mistake is one line and exit code 2, with nothing written),
    /// then adds what is missing (a second run tops the incidents up to the number asked for, never doubles them) and
    /// prints what there is and how to sign in.
    /// </summary>
    public static async Task<int> SeedFromCommandLineAsync(WebApplication app, string[] args, TextWriter output, TextWriter errors)
    {
        DemoArguments options;
        try
        {
            options = DemoArguments.Parse(args);
            if (options.Help)
            {
                await output.WriteLineAsync(DemoArguments.Usage);
                return 0;
            }

            if (options.PeoplePassword is { } password)
            {
                await app.Services.GetRequiredService<DemoData>().CheckPasswordAsync(password);
            }
        }
        catch (DemoArgumentException ex)
        {
            await errors.WriteLineAsync($"seed-demo: {ex.Message}");
            return 2;
        }

        // Only the database is needed: migrate it, without starting the web server or the job server.
        foreach (var initializer in app.Services.GetServices<IHostedService>().OfType<DatabaseInitializer>())
        {
            await initializer.StartAsync(CancellationToken.None);
        }

        var demo = app.Services.GetRequiredService<DemoData>();
        if (options.PeoplePassword is not null)
        {
            await demo.SeedPeopleAsync(options.PeoplePassword);
        }

        var (existing, added) = await demo.SeedUpToAsync(options.Incidents, options.History);
        if (options.PeoplePassword is not null)
        {
            await demo.SeedTeamsAsync();
            await demo.SeedOnCallAsync(options.EscalationSeconds, options.PagingWebhook);
            await app.Services.GetRequiredService<DemoProblems>().SeedAsync(options.BacklogGitHub);
        }

        if (options.AlertmanagerKey is not null)
        {
            await demo.SeedAlertmanagerIntegrationAsync(options.AlertmanagerKey);
        }

        if (options.EventsKey is not null)
        {
            await demo.SeedEventsV2IntegrationAsync(options.EventsKey);
        }

        await output.WriteLineAsync(added == 0
            ? $"Demo data ready: {existing:N0} incidents were there already; nothing added."
            : $"Demo data ready: added {added:N0} incidents ({existing + added:N0} in all).");
        if (options.PeoplePassword is not null)
        {
            await output.WriteLineAsync("Sign in as any of these, with the password you gave:");
            foreach (var (role, name) in People)
            {
                await output.WriteLineAsync($"  {EmailOf(role),-22} {name} ({role})");
            }
        }

        await output.WriteLineAsync("Start the portal with `dotnet run --project src/Incidents.Web` and open http://localhost:5080.");
        return 0;
    }

    private static readonly (Role Role, string Name)[] People =
    [
        (Role.Admin, "Alex Admin"), (Role.Responder, "Riley Responder"), (Role.Support, "Sam Support"),
        (Role.Developer, "Dana Developer"), (Role.Viewer, "Vic Viewer"),
    ];

    private static string EmailOf(Role role) => $"{role.ToString().ToLowerInvariant()}@demo.test";

    /// <summary>Refuses a password the sign-in rules would refuse, before anything is written.</summary>
    public async Task CheckPasswordAsync(string password)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var probe = new ApplicationUser { UserName = "admin@demo.test", Email = "admin@demo.test", DisplayName = "Alex Admin" };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, probe, password);
            if (!result.Succeeded)
            {
                throw new DemoArgumentException($"--people-password is too weak: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            }
        }
    }

    /// <summary>Adds incidents until there are <paramref name="total"/>; how many there were and how many it added.</summary>
    public async Task<(int Existing, int Added)> SeedUpToAsync(int total, bool history = false, CancellationToken cancellationToken = default)
    {
        int existing;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            existing = await db.Incidents.CountAsync(cancellationToken);
        }

        // The catalog (teams, services) is there even with no incidents to add.
        var added = Math.Max(0, total - existing);
        await SeedAsync(added, history: history, cancellationToken: cancellationToken);

        return (existing, added);
    }

    /// <summary>One person per role (admin@demo.test … viewer@demo.test), for trying the product and for end-to-end tests.</summary>
    public async Task SeedPeopleAsync(string password, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        foreach (var (role, name) in People)
        {
            var email = EmailOf(role);
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var user = new ApplicationUser
            {
                UserName = email,
                Email = email,
                DisplayName = name,
                EmailConfirmed = true,
                CreatedAt = clock.GetUtcNow(),
                InvitationAcceptedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            await users.AddToRoleAsync(user, role.ToString());
        }
    }

    /// <summary>
    /// Teams with members, so review invitations and team notices reach people: Dana Developer builds what the Payments
    /// team runs (on its team she acknowledges and resolves its incidents, while other teams' incidents only take her
    /// notes), and Riley Responder is on every team.
    /// </summary>
    public async Task SeedTeamsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var developer = await db.Users.Where(u => u.Email == EmailOf(Role.Developer)).Select(u => u.Id).SingleOrDefaultAsync(cancellationToken);
        var responder = await db.Users.Where(u => u.Email == EmailOf(Role.Responder)).Select(u => u.Id).SingleOrDefaultAsync(cancellationToken);
        foreach (var team in await db.Teams.Include(t => t.Members).ToListAsync(cancellationToken))
        {
            var members = team.Members.Select(m => m.UserId).ToList();
            var wanted = new[] { responder, team.Name == "Payments" ? developer : null }.OfType<string>().Where(id => !members.Contains(id)).ToList();
            if (wanted.Count > 0)
            {
                team.SetMembers(members.Concat(wanted));
            }
        }

        db.ActingAs(Actor.System);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// On call for the demo people: a weekly "Payments primary" rotation (Riley, then Alex) and a "Payments" policy
    /// (the schedule, then Alex) on every service. With a webhook base URL each person is notified at once by a
    /// webhook to {base}/{role} (for trying paging locally and for the process tests).
    /// </summary>
    public async Task SeedOnCallAsync(int escalationSeconds, string? webhookBase, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Schedules.AnyAsync(cancellationToken))
        {
            return;
        }

        var people = await db.Users.Where(u => u.Email != null && u.Email.EndsWith("@demo.test")).ToDictionaryAsync(u => u.Email!.Split('@')[0], cancellationToken);
        var schedule = new Schedule("Payments primary", RotationZone, null);
        var start = RotationStartLocal(clock.GetUtcNow());
        schedule.Layers.Add(new ScheduleLayer
        {
            Name = "Weekly",
            StartsAtLocal = start,
            RotationLength = 1,
            RotationUnit = RotationUnit.Weeks,
            Participants = [people["responder"].Id, people["admin"].Id],
        });
        db.ActingAs(Actor.System).Schedules.Add(schedule);
        await db.SaveChangesAsync(cancellationToken);

        var policy = new EscalationPolicy("Payments", null);
        policy.ReplaceLevels(
        [
            (escalationSeconds, [new EscalationTarget(EscalationTargetKind.Schedule, schedule.Id.ToString(CultureInfo.InvariantCulture))]),
            (escalationSeconds, [new EscalationTarget(EscalationTargetKind.Person, people["admin"].Id)]),
        ]);
        db.EscalationPolicies.Add(policy);
        await db.SaveChangesAsync(cancellationToken);
        await db.Services.ExecuteUpdateAsync(set => set.SetProperty(s => s.EscalationPolicyId, policy.Id), cancellationToken);

        if (webhookBase is not null)
        {
            foreach (var (role, person) in people)
            {
                var method = new ContactMethod(person.Id, ContactKind.Webhook, $"{webhookBase.TrimEnd('/')}/{role}", "Demo pager");
                db.ContactMethods.Add(method);
                await db.SaveChangesAsync(cancellationToken);
                db.NotificationRules.Add(new NotificationRule(person.Id, method.Id, 0));
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private const string RotationZone = "Europe/Berlin";

    /// <summary>
    /// Where the demo rotation starts: 104 weeks (an even number of turns) before the top of the current hour in its
    /// zone, so Riley is on call now and the history's pages line up with the rotation's turns.
    /// </summary>
    private static DateTime RotationStartLocal(DateTimeOffset now)
    {
        var local = ZoneTime.ToLocal(now, ZoneTime.Find(RotationZone));
        return new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0).AddDays(-7 * 104);
    }

    /// <summary>An Alertmanager integration on Checkout API with a known key, to point a local Alertmanager at.</summary>
    public async Task SeedAlertmanagerIntegrationAsync(string key, CancellationToken cancellationToken = default)
    {
        var checkout = (await services.ListAsync(cancellationToken)).Single(s => s.Slug == "checkout-api");
        var (outcome, _) = await integrations.CreateAsync(
            new IntegrationInput("Prometheus (demo)", IntegrationKind.Alertmanager, checkout.Id, GroupingMode.ByGroupKey, 30, true, "service"),
            Actor.System, key, cancellationToken);
        if (!outcome.Succeeded && outcome.Kind != OutcomeKind.Conflict)
        {
            throw new InvalidOperationException(outcome.Error);
        }
    }

    /// <summary>
    /// A PagerDuty Events v2 integration on checkout-api with a known routing key (load and crash tests), grouping by
    /// <c>payload.group</c>: events of one group share an incident, events without one open their own.
    /// </summary>
    public async Task SeedEventsV2IntegrationAsync(string key, CancellationToken cancellationToken = default)
    {
        var checkout = (await services.ListAsync(cancellationToken)).Single(s => s.Slug == "checkout-api");
        var (outcome, _) = await integrations.CreateAsync(
            new IntegrationInput("Events v2 (demo)", IntegrationKind.EventsV2, checkout.Id, GroupingMode.ByGroupKey, 30, true, null),
            Actor.System, key, cancellationToken);
        if (!outcome.Succeeded && outcome.Kind != OutcomeKind.Conflict)
        {
            throw new InvalidOperationException(outcome.Error);
        }
    }

    public async Task<long> SeedAsync(int incidentCount, int seed = 20261122, bool history = false, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var serviceIds = await EnsureCatalogAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var slas = (await db.Services.AsNoTracking().ToListAsync(cancellationToken)).ToDictionary(s => s.Id);
        var firstId = (await db.Incidents.MaxAsync(i => (long?)i.Id, cancellationToken) ?? 0) + 1;

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var sqlite = db.Database.IsSqlite();
        var random = new Random(seed);
        var now = clock.GetUtcNow();
        var span = incidentCount > 10_000 ? TimeSpan.FromDays(730) : TimeSpan.FromDays(60);
        var start = now - span;
        var signals = new DemoSignals(new Random(seed + 1), history ? await MonitoringIntegrationAsync(db, cancellationToken) : null,
            history ? await OnCallPeopleAsync(db, cancellationToken) : [],
            ZoneTime.ToInstant(RotationStartLocal(now), ZoneTime.Find(RotationZone)));

        for (var batchStart = 0; batchStart < incidentCount; batchStart += BatchSize)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (!sqlite)
            {
                await ExecuteAsync(connection, transaction, "SET IDENTITY_INSERT [Incidents] ON", cancellationToken);
            }

            await using var incident = IncidentInsert(connection, transaction);
            await using var entry = TimelineInsert(connection, transaction);
            await using var alert = AlertInsert(connection, transaction);
            await using var page = PageInsert(connection, transaction);
            var batchEnd = Math.Min(incidentCount, batchStart + BatchSize);
            for (var i = batchStart; i < batchEnd; i++)
            {
                var id = firstId + i;
                var triggered = start + (span * ((i + random.NextDouble()) / incidentCount));
                var service = slas[serviceIds[random.Next(serviceIds.Count)]];
                await WriteIncidentAsync(incident, entry, id, triggered, now, service, random, sqlite, (signals, alert, page), cancellationToken);
            }

            if (!sqlite)
            {
                await ExecuteAsync(connection, transaction, "SET IDENTITY_INSERT [Incidents] OFF", cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            LogProgress(logger, batchEnd, incidentCount);
        }

        await db.Database.CloseConnectionAsync();
        // Written in bulk with their own (past) change times: the report rollups rebuild every day on their next run.
        await db.JobCursors.Where(c => c.Name == Reports.RollUpIncidents.CursorName).ExecuteDeleteAsync(cancellationToken);
        LogDone(logger, incidentCount, stopwatch.Elapsed.TotalSeconds);
        return firstId;
    }

    private async Task<List<long>> EnsureCatalogAsync(CancellationToken cancellationToken)
    {
        var existingTeams = await teams.ListAsync(cancellationToken);
        var existingServices = await services.ListAsync(cancellationToken);
        foreach (var (teamName, teamServices) in Catalog)
        {
            var teamId = existingTeams.FirstOrDefault(t => t.Name == teamName)?.Id
                ?? (await teams.SaveAsync(null, new TeamInput(teamName, $"#{teamName.ToLowerInvariant()}-oncall", []), Actor.System, cancellationToken)).TeamId!.Value;
            foreach (var (name, slug, tier) in teamServices.Where(s => existingServices.All(e => e.Slug != s.Slug)))
            {
                await services.SaveAsync(null, new ServiceInput(name, slug, teamId, tier, tier == ServiceTier.Tier1 ? 99.95m : 99.9m,
                    $"https://runbooks.example/{slug}", SlaTarget.Defaults), Actor.System, cancellationToken);
            }
        }

        return (await services.ListAsync(cancellationToken)).Select(s => s.Id).ToList();
    }

    /// <summary>
    /// What the reports need beyond incidents: most incidents come from monitoring (an alert, sometimes several, with a
    /// recurring alert name per service; some end by themselves with nobody acknowledging), and the on-call person is
    /// paged for each (a second person when a serious one is not acknowledged within five minutes). Drawn from a random
    /// of their own, so the incidents are the same as without them.
    /// </summary>
    private sealed record DemoSignals(Random Random, long? IntegrationId, IReadOnlyList<(string Id, string Name)> OnCall, DateTimeOffset RotationStart);

    private static readonly string[] AlertNames =
    [
        "HighErrorRate", "HighLatencyP99", "DatabaseTimeouts", "PodCrashLooping", "DiskAlmostFull", "QueueBacklog", "CertificateExpiring", "UpstreamRateLimited",
    ];

    /// <summary>The demo's monitoring integration, which its alerts came through (created once).</summary>
    private async Task<long?> MonitoringIntegrationAsync(IncidentsDbContext db, CancellationToken cancellationToken)
    {
        const string name = "Monitoring (demo history)";
        if (await db.Integrations.Where(i => i.Name == name).Select(i => (long?)i.Id).FirstOrDefaultAsync(cancellationToken) is { } id)
        {
            return id;
        }

        var checkout = (await services.ListAsync(cancellationToken)).FirstOrDefault(s => s.Slug == "checkout-api");
        if (checkout is null)
        {
            return null;
        }

        var (outcome, _) = await integrations.CreateAsync(new IntegrationInput(name, IntegrationKind.Generic, checkout.Id, GroupingMode.ByGroupKey, 30, true, null), Actor.System, cancellationToken: cancellationToken);
        return outcome.Succeeded ? await db.Integrations.Where(i => i.Name == name).Select(i => (long?)i.Id).FirstOrDefaultAsync(cancellationToken) : null;
    }

    /// <summary>Who the demo's rotation pages, in turn (Riley, then Alex, weekly), when the demo people exist.</summary>
    private static async Task<IReadOnlyList<(string Id, string Name)>> OnCallPeopleAsync(IncidentsDbContext db, CancellationToken cancellationToken)
    {
        var emails = new[] { EmailOf(Role.Responder), EmailOf(Role.Admin) };
        var people = await db.Users.AsNoTracking().Where(u => emails.Contains(u.Email!)).Select(u => new { u.Id, u.Email, u.DisplayName }).ToListAsync(cancellationToken);
        return people.Count == emails.Length ? emails.Select(e => people.Single(p => p.Email == e)).Select(p => (p.Id, p.DisplayName)).ToList() : [];
    }

    private static async Task WriteIncidentAsync(
        DbCommand incident, DbCommand entry, long id, DateTimeOffset triggered, DateTimeOffset now, Service service,
        Random random, bool sqlite, (DemoSignals Signals, DbCommand Alert, DbCommand Page) extra, CancellationToken cancellationToken)
    {
        var severityRoll = random.NextDouble();
        var (impact, urgency) = severityRoll switch
        {
            < 0.05 => (Impact.High, Urgency.High),
            < 0.20 => (Impact.High, Urgency.Medium),
            < 0.60 => (Impact.Medium, Urgency.Medium),
            _ => (Impact.Low, Urgency.Low),
        };
        var severity = PriorityMatrix.Default.For(impact, urgency);
        var sla = service.SlaFor(severity);
        var age = now - triggered;
        var status = age > TimeSpan.FromDays(2)
            ? (random.NextDouble() < 0.8 ? IncidentStatus.Closed : IncidentStatus.Resolved)
            : (IncidentStatus)random.Next(0, 4);
        DateTimeOffset? acked = status == IncidentStatus.Triggered ? null : triggered + TimeSpan.FromMinutes(1 + (random.NextDouble() * 25));
        DateTimeOffset? mitigated = status >= IncidentStatus.Mitigated ? acked + TimeSpan.FromMinutes(5 + (random.NextDouble() * 60)) : null;
        DateTimeOffset? resolved = status >= IncidentStatus.Resolved ? mitigated + TimeSpan.FromMinutes(5 + (random.NextDouble() * 240)) : null;
        DateTimeOffset? closed = status == IncidentStatus.Closed ? resolved + TimeSpan.FromHours(1 + (random.NextDouble() * 48)) : null;
        var signals = extra.Signals;
        var fromAlert = signals.IntegrationId is not null && signals.Random.NextDouble() < 0.7;
        // A few alert names per service make most of the noise (a skewed pick), as in real monitoring.
        var alertName = fromAlert ? AlertNames[Math.Min(AlertNames.Length - 1, (int)(-Math.Log(1 - signals.Random.NextDouble()) * 1.5))] : null;
        if (fromAlert && resolved is not null && severity >= Severity.Sev3 && signals.Random.NextDouble() < 0.25)
        {
            // Self-resolved: the alert cleared before anybody acknowledged.
            (acked, mitigated) = (null, null);
        }

        var last = closed ?? resolved ?? mitigated ?? acked ?? triggered;
        var ackDue = triggered + sla.AcknowledgeWithin;
        var resolveDue = triggered + sla.ResolveWithin;
        var title = $"{Symptoms[random.Next(Symptoms.Length)]} on {service.Name}";

        object Time(DateTimeOffset? value) => value is { } v ? (sqlite ? v.UtcTicks : v) : DBNull.Value;
        var values = new object[]
        {
            id, title, "Seeded demo incident.", service.Id, (int)impact, (int)urgency, (int)severity, (int)status,
            "Demo", "[]", Time(triggered), Time(acked), Time(mitigated), Time(resolved), Time(closed),
            Time(ackDue), Time(resolveDue),
            Time(acked is { } a && a > ackDue ? ackDue : (status == IncidentStatus.Triggered && now > ackDue ? ackDue : null)),
            Time((resolved ?? now) > resolveDue ? resolveDue : null),
            1 + (acked is null ? 0 : 1) + (mitigated is null ? 0 : 1) + (resolved is null ? 0 : 1) + (closed is null ? 0 : 1),
            "Demo", Time(last), alertName is null ? DBNull.Value : Domain.Problems.Recurrence.Fingerprint(service.Id, alertName, null)!,
        };
        for (var p = 0; p < values.Length; p++)
        {
            incident.Parameters[p].Value = values[p];
        }

        await incident.ExecuteNonQueryAsync(cancellationToken);
        await WriteEntryAsync(entry, id, Time(triggered), TimelineKind.Opened, $"Opened as {severity.Label()} on {service.Name}.", cancellationToken);
        if (acked is not null)
        {
            await WriteEntryAsync(entry, id, Time(acked), TimelineKind.Acknowledged, "Acknowledged by Demo.", cancellationToken);
        }

        if (mitigated is not null)
        {
            await WriteEntryAsync(entry, id, Time(mitigated), TimelineKind.Mitigated, "Mitigated by Demo.", cancellationToken);
        }

        if (resolved is not null)
        {
            await WriteEntryAsync(entry, id, Time(resolved), TimelineKind.Resolved, "Resolved by Demo.", cancellationToken);
        }

        if (closed is not null)
        {
            await WriteEntryAsync(entry, id, Time(closed), TimelineKind.Closed, "Closed by Demo.", cancellationToken);
        }

        if (alertName is not null)
        {
            var alerts = signals.Random.NextDouble() < 0.2 ? 2 + signals.Random.Next(3) : 1;
            for (var k = 0; k < alerts; k++)
            {
                var key = $"demo-{id}-{k}";
                object[] row =
                [
                    service.Id, signals.IntegrationId!.Value, key, resolved is null ? key : DBNull.Value, $"{alertName} on {service.Name}", "prometheus",
                    (int)severity, (int)(resolved is not null ? AlertStatus.Resolved : acked is not null ? AlertStatus.Acknowledged : AlertStatus.Triggered), 1,
                    Time(triggered.AddSeconds(30 * k)), Time(resolved ?? triggered.AddSeconds(30 * k)), Time(acked), Time(resolved), id, $"{{\"alertname\":\"{alertName}\"}}",
                ];
                await RunAsync(extra.Alert, row, cancellationToken);
            }
        }

        if (signals.OnCall.Count > 0)
        {
            var turn = (int)(Math.Floor((triggered - signals.RotationStart).TotalDays / 7) % signals.OnCall.Count + signals.OnCall.Count) % signals.OnCall.Count;
            var paged = triggered.AddSeconds(signals.Random.Next(60));
            await RunAsync(extra.Page, [id, signals.OnCall[turn].Id, signals.OnCall[turn].Name, "Escalation policy Payments", Time(paged)], cancellationToken);
            if (severity <= Severity.Sev2 && (acked is null || acked > paged.AddMinutes(5)))
            {
                var next = signals.OnCall[(turn + 1) % signals.OnCall.Count];
                await RunAsync(extra.Page, [id, next.Id, next.Name, "Escalation policy Payments", Time(paged.AddMinutes(5))], cancellationToken);
            }
        }
    }

    private static async Task RunAsync(DbCommand command, object[] values, CancellationToken cancellationToken)
    {
        for (var p = 0; p < values.Length; p++)
        {
            command.Parameters[p].Value = values[p];
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteEntryAsync(DbCommand entry, long incidentId, object at, TimelineKind kind, string text, CancellationToken cancellationToken)
    {
        entry.Parameters[0].Value = incidentId;
        entry.Parameters[1].Value = at;
        entry.Parameters[2].Value = (int)kind;
        entry.Parameters[3].Value = text;
        await entry.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand IncidentInsert(DbConnection connection, DbTransaction transaction) => Prepare(connection, transaction,
        "Incidents",
        ["Id", "Title", "Description", "ServiceId", "Impact", "Urgency", "Severity", "Status", "ReporterName", "Tags",
         "TriggeredAt", "AcknowledgedAt", "MitigatedAt", "ResolvedAt", "ClosedAt", "AcknowledgeDueAt", "ResolveDueAt",
         "AcknowledgeBreachedAt", "ResolveBreachedAt", "Version", "LastChangedByName", "LastChangedAt", "Fingerprint"],
        // The SLA clock of a demo incident started when it was triggered (@p10).
        ", \"ReopenCount\", \"TruncatedAlerts\", \"SlaStartedAt\", \"FirstAcknowledgedAt\"", ", 0, 0, @p10, @p11");

    private static DbCommand AlertInsert(DbConnection connection, DbTransaction transaction) => Prepare(connection, transaction,
        "Alerts",
        ["ServiceId", "IntegrationId", "DedupKey", "OpenKey", "Summary", "Source", "Severity", "Status", "Count", "FirstSeenAt", "LastSeenAt", "AcknowledgedAt", "ResolvedAt", "IncidentId", "LabelsJson"],
        "", "");

    private static DbCommand PageInsert(DbConnection connection, DbTransaction transaction) => Prepare(connection, transaction,
        "Pages", ["IncidentId", "UserId", "UserName", "PagedBy", "CreatedAt"], "", "");

    private static DbCommand TimelineInsert(DbConnection connection, DbTransaction transaction) => Prepare(connection, transaction,
        "IncidentTimeline", ["IncidentId", "At", "Kind", "Text"], ", \"ActorName\"", ", 'Demo'");

    private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string table, string[] columns, string extraColumns, string extraValues)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}{extraColumns}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))}{extraValues})";
        for (var i = 0; i < columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Done} of {Total} incidents written")]
    private static partial void LogProgress(ILogger logger, int done, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Count} incidents in {Seconds:F1} s")]
    private static partial void LogDone(ILogger logger, int count, double seconds);
}
