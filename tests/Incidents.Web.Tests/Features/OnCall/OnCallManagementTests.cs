using System.Globalization;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.OnCall.Contacts;
using Incidents.Web.Features.OnCall.Now;
using Incidents.Web.Features.OnCall.Policies;
using Incidents.Web.Features.OnCall.Schedules;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.OnCall;

/// <summary>Schedules, policies and contact methods through their handlers, on real SQLite.</summary>
public sealed class OnCallManagementTests : IDisposable
{
    private readonly TestApp app = new();
    private readonly Actor admin = new("admin", "Admin");

    public void Dispose() => app.Dispose();

    private T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    private async Task<(string Ana, long Schedule, long Service)> SetUpAsync()
    {
        var ana = (await app.CreateUserAsync("ana@example.com", Role.Responder)).Id;
        var (_, schedule) = await Get<ManageSchedules>().SaveAsync(null, "Primary", "Europe/Berlin", null, null, admin);
        await Get<ManageSchedules>().SaveLayerAsync(schedule!.Value, null,
            new LayerInput("Weekly", [ana], 1, RotationUnit.Weeks, new DateTime(2026, 11, 2, 9, 0, 0), null, []), admin);
        return (ana, schedule.Value, await app.CreateServiceAsync("checkout"));
    }

    private static PolicyInput Policy(long schedule, params long[] services) =>
        new("Checkout", null, null, 0, [new LevelInput(300, [new EscalationTarget(EscalationTargetKind.Schedule, schedule.ToString(CultureInfo.InvariantCulture))])], services);

    [Fact]
    public async Task SavePolicy_AssignsServices_OnCallNowShowsTheSchedulesPerson()
    {
        var (_, schedule, service) = await SetUpAsync();

        var (outcome, id) = await Get<ManagePolicies>().SaveAsync(null, Policy(schedule, service), admin);

        Assert.True(outcome.Succeeded, outcome.Error);
        var now = Assert.Single(await Get<WhoIsOnCall>().HandleAsync(service));
        Assert.Equal("Checkout", now.Policy);
        Assert.Equal("ana", Assert.Single(now.People).Name);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(id, (await db.Services.SingleAsync()).EscalationPolicyId);
        Assert.Contains(await db.AuditTrail.ToListAsync(), a => a.EntityType == nameof(EscalationPolicy));
    }

    [Fact]
    public async Task DeletePolicyOrSchedule_InUse_ConflictAndNothingDeleted()
    {
        var (_, schedule, service) = await SetUpAsync();
        var (_, policy) = await Get<ManagePolicies>().SaveAsync(null, Policy(schedule, service), admin);

        var deletePolicy = await Get<ManagePolicies>().DeleteAsync(policy!.Value, admin);
        var deleteSchedule = await Get<ManageSchedules>().DeleteAsync(schedule, admin);

        Assert.Equal(OutcomeKind.Conflict, deletePolicy.Kind);
        Assert.Equal("Primary is used by Checkout; take it out of those policies first.", deleteSchedule.Error);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(1, await db.EscalationPolicies.CountAsync());
        Assert.Equal(1, await db.Schedules.CountAsync());
    }

    [Fact]
    public async Task SavePolicy_UnknownTargetOrDuplicateName_RefusedAndNothingSaved()
    {
        var (_, schedule, _) = await SetUpAsync();
        await Get<ManagePolicies>().SaveAsync(null, Policy(schedule), admin);

        var (unknown, _) = await Get<ManagePolicies>().SaveAsync(null, Policy(schedule) with
        {
            Name = "Other",
            Levels = [new LevelInput(300, [new EscalationTarget(EscalationTargetKind.Person, "nobody")])],
        }, admin);
        var (duplicate, _) = await Get<ManagePolicies>().SaveAsync(null, Policy(schedule), admin);

        Assert.Equal("A person in the policy does not exist.", unknown.Error);
        Assert.Equal(OutcomeKind.Conflict, duplicate.Kind);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(1, await db.EscalationPolicies.CountAsync());
    }

    [Fact]
    public async Task Contacts_OwnOnly_InvalidAddressRefused()
    {
        var (ana, _, _) = await SetUpAsync();
        var bob = (await app.CreateUserAsync("bob@example.com", Role.Responder)).Id;
        var contacts = Get<ManageContacts>();

        var (bad, _) = await contacts.AddMethodAsync(ana, ContactKind.Webhook, "ftp://example.com", null, admin);
        var (good, id) = await contacts.AddMethodAsync(ana, ContactKind.Webhook, "https://sms.example.com/hook", "SMS", admin);
        var removedByBob = await contacts.RemoveMethodAsync(bob, id!.Value, admin);
        var ruleOnOthers = await contacts.AddRuleAsync(bob, id.Value, 5, admin);

        Assert.Equal("Enter an http(s) URL.", bad.Error);
        Assert.True(good.Succeeded);
        Assert.Equal(OutcomeKind.NotFound, removedByBob.Kind);
        Assert.Equal(OutcomeKind.Invalid, ruleOnOthers.Kind);
        Assert.Single((await contacts.GetAsync(ana)).Methods);
    }

    [Fact]
    public async Task Override_CoversTheSchedule_UntilItEnds()
    {
        var (_, schedule, _) = await SetUpAsync();
        var bob = (await app.CreateUserAsync("bob@example.com", Role.Responder)).Id;
        var now = app.Clock.GetUtcNow();

        var outcome = await Get<ManageSchedules>().AddOverrideAsync(schedule, bob, now, now.AddHours(4), "Ana at the dentist", new Actor("ana", "ana"));

        Assert.True(outcome.Succeeded, outcome.Error);
        var found = (await Get<ManageSchedules>().FindAsync(schedule))!;
        Assert.Equal(bob, found.OnCallAt(now.AddHours(1)));
        Assert.NotEqual(bob, found.OnCallAt(now.AddHours(4)));
    }

    [Theory]
    [InlineData("viewer", "vic can't acknowledge pages: give them a role other than Viewer first.")]
    [InlineData("invited", "ivy has not accepted their invitation yet, so they can't acknowledge pages.")]
    public async Task LevelsRotationsAndOverrides_PeopleWhoCannotRespond_RefusedSayingWhy(string who, string message)
    {
        var (_, schedule, service) = await SetUpAsync();
        string person;
        if (who == "viewer")
        {
            person = (await app.CreateUserAsync("vic@example.com", Role.Viewer)).Id;
        }
        else
        {
            person = (await app.CreateUserAsync("ivy@example.com", Role.Developer)).Id;
            await using var db = await app.NewDbContextAsync();
            (await db.Users.SingleAsync(u => u.Id == person)).InvitationAcceptedAt = null;
            await db.SaveChangesAsync();
        }

        var (level, _) = await Get<ManagePolicies>().SaveAsync(null, Policy(schedule, service) with
        {
            Levels = [new LevelInput(300, [new EscalationTarget(EscalationTargetKind.Person, person)])],
        }, admin);
        var layer = await Get<ManageSchedules>().SaveLayerAsync(schedule, null,
            new LayerInput("Backup", [person], 1, RotationUnit.Weeks, new DateTime(2026, 11, 2, 9, 0, 0), null, []), admin);
        var now = app.Clock.GetUtcNow();
        var cover = await Get<ManageSchedules>().AddOverrideAsync(schedule, person, now, now.AddHours(4), null, admin);

        Assert.Equal((OutcomeKind.Invalid, message), (level.Kind, level.Error));
        Assert.Equal((OutcomeKind.Invalid, message), (layer.Kind, layer.Error));
        Assert.Equal((OutcomeKind.Invalid, message), (cover.Kind, cover.Error));
        await using var check = await app.NewDbContextAsync();
        Assert.Equal(0, await check.EscalationPolicies.CountAsync());
        Assert.Single((await check.Schedules.Include(s => s.Layers).SingleAsync()).Layers);
    }
}
