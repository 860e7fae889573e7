using System.Globalization;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.IncidentManagement.Respond;
using Incidents.Web.Features.OnCall.Policies;
using Incidents.Web.Features.OnCall.Schedules;
using Incidents.Web.Features.Users;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>
/// Where a person stands towards an incident, read from the database (pages, schedules, teams, the incident's people),
/// and the acknowledge it allows or refuses through the one handler every surface calls.
/// </summary>
public sealed class IncidentStandingsTests : IDisposable
{
    private readonly TestApp app = new();

    public void Dispose() => app.Dispose();

    private T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    private async Task<(long Service, long Incident, ApplicationUser Developer)> SetUpAsync()
    {
        var service = await app.CreateServiceAsync("checkout");
        var developer = await app.CreateUserAsync("dev@example.com", Role.Developer);
        var (_, id) = await Get<LogIncident>().HandleAsync(new NewIncident("Checkout errors", null, service, Impact.Medium, Urgency.Medium), Actor.System);
        return (service, id!.Value, developer);
    }

    private Task<Outcome> AcknowledgeAsync(long incident, ApplicationUser person) =>
        Get<ChangeIncidentStatus>().HandleAsync(incident, StatusAction.Acknowledge, new Actor(person.Id, person.DisplayName));

    [Fact]
    public async Task DeveloperNotInTheResponse_RefusedForbidden_NothingChanged()
    {
        var (_, incident, developer) = await SetUpAsync();

        var outcome = await AcknowledgeAsync(incident, developer);

        Assert.Equal(OutcomeKind.Forbidden, outcome.Kind);
        Assert.Contains("on the Team checkout team. Ask the Team checkout team or an Admin", outcome.Error, StringComparison.Ordinal);
        var access = await Get<IncidentStandings>().AccessAsync(incident, new Actor(developer.Id, "dev"));
        Assert.Equal([IncidentAction.AddNote], access.Available);
        Assert.StartsWith("Acknowledging INC-1 is for Admins and Responders", access.WhyNotNext, StringComparison.Ordinal);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(IncidentStatus.Triggered, (await db.Incidents.SingleAsync()).Status);
    }

    [Fact]
    public async Task DeveloperPagedForIt_Acknowledges()
    {
        var (_, incident, developer) = await SetUpAsync();
        await using (var db = await app.NewDbContextAsync())
        {
            db.Pages.Add(new Page(incident, developer.Id, developer.DisplayName, null, null, "Ana", app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        Assert.True((await AcknowledgeAsync(incident, developer)).Succeeded);
    }

    [Fact]
    public async Task DeveloperOnCallForTheServiceNow_Acknowledges_AndWhenTheRotationMovesOn_NoLonger()
    {
        var (service, incident, developer) = await SetUpAsync();
        var other = await app.CreateUserAsync("other@example.com", Role.Responder);
        var (_, schedule) = await Get<ManageSchedules>().SaveAsync(null, "Primary", "UTC", null, null, Actor.System);
        // Daily hand-offs from today at midnight: the developer today, the other person tomorrow.
        var today = app.Clock.GetUtcNow().UtcDateTime.Date;
        await Get<ManageSchedules>().SaveLayerAsync(schedule!.Value, null,
            new LayerInput("Daily", [developer.Id, other.Id], 1, RotationUnit.Days, today, null, []), Actor.System);
        var (saved, _) = await Get<ManagePolicies>().SaveAsync(null, new PolicyInput("Checkout", null, null, 0,
            [new LevelInput(300, [new EscalationTarget(EscalationTargetKind.Schedule, schedule.Value.ToString(CultureInfo.InvariantCulture))])], [service]), Actor.System);
        Assert.True(saved.Succeeded, saved.Error);

        var standings = Get<IncidentStandings>();
        Assert.Contains(IncidentAction.Acknowledge, (await standings.AccessAsync(incident, new Actor(developer.Id, "dev"))).Available);
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.DoesNotContain(IncidentAction.Acknowledge, (await standings.AccessAsync(incident, new Actor(developer.Id, "dev"))).Available);
    }

    [Fact]
    public async Task DeveloperMadeCommander_Acknowledges()
    {
        var (_, incident, developer) = await SetUpAsync();
        Assert.True((await Get<ChangeResponders>().AssignCommanderAsync(incident, developer.Id, Actor.System)).Succeeded);

        Assert.True((await AcknowledgeAsync(incident, developer)).Succeeded);
    }

    [Fact]
    public async Task DisabledPersonOnTheTeam_Refused()
    {
        var (service, incident, developer) = await SetUpAsync();
        await app.JoinOwningTeamAsync(service, developer.Id);
        await using (var db = await app.NewDbContextAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == developer.Id)).IsDisabled = true;
            await db.SaveChangesAsync();
        }

        Assert.Equal(OutcomeKind.Forbidden, (await AcknowledgeAsync(incident, developer)).Kind);
    }

    [Fact]
    public async Task SupportPostsStatusUpdatesAndTriages_ButAcknowledgingIsRefused()
    {
        var (_, incident, _) = await SetUpAsync();
        var support = await app.CreateUserAsync("support@example.com", Role.Support);

        var actions = (await Get<IncidentStandings>().AccessAsync(incident, new Actor(support.Id, "support"))).Available;

        Assert.Equal([IncidentAction.AddNote, IncidentAction.PostStatusUpdate, IncidentAction.Triage], actions);
        Assert.Equal(OutcomeKind.Forbidden, (await AcknowledgeAsync(incident, support)).Kind);
    }
}
