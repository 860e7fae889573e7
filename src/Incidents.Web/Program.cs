using Incidents.Web.Data;
using Incidents.Web.Features.Account;
using Incidents.Web.Features.Alerts;
using Incidents.Web.Features.ApiKeys;
using Incidents.Web.Features.Audit;
using Incidents.Web.Features.Catalog;
using Incidents.Web.Features.Changes;
using Incidents.Web.Features.Chat;
using Incidents.Web.Features.Dashboard;
using Incidents.Web.Features.Demo;
using Incidents.Web.Features.Health;
using Incidents.Web.Features.Inbox;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.Notices;
using Incidents.Web.Features.OnCall;
using Incidents.Web.Features.Postmortems;
using Incidents.Web.Features.Problems;
using Incidents.Web.Features.Reports;
using Incidents.Web.Features.Setup;
using Incidents.Web.Features.Users;
using Incidents.Web.Infrastructure;
using Incidents.Web.Infrastructure.Auth;
using Incidents.Web.Infrastructure.Jobs;

var builder = WebApplication.CreateBuilder(args);
// Run from the source tree in any environment (not only Development), the portal's scripts and styles are still served;
// a published app has no static-web-assets manifest, so this changes nothing there.
builder.WebHost.UseStaticWebAssets();

builder.AddPortal();
builder.AddDataFeature();
builder.AddAuthInfrastructure();
builder.AddJobs();
builder.AddSetupFeature();
builder.AddAccountFeature();
builder.AddUsersFeature();
builder.AddAuditFeature();
builder.AddApiKeysFeature();
builder.AddCatalogFeature();
builder.AddIncidentManagementFeature();
builder.AddAlertsFeature();
builder.AddOnCallFeature();
builder.AddChatFeature();
builder.AddProblemsFeature();
builder.AddPostmortemsFeature();
builder.AddChangesFeature();
builder.AddReportsFeature();
builder.AddNoticesFeature();
builder.AddInboxFeature();
builder.AddDashboardFeature();
builder.AddDemoFeature();
builder.AddApi();

var app = builder.Build();

app.UsePortalPipeline();
app.MapHealthFeature();
app.MapAccountFeature();
app.MapJobsDashboard();
app.MapIncidentManagementFeature();
app.MapAlertsFeature();
app.MapChatFeature();
app.MapProblemsFeature();
app.MapPostmortemsFeature();
app.MapChangesFeature();
app.MapReportsFeature();
app.MapNoticesFeature();
app.MapApi();
app.MapPortal();

if (DemoData.IsRequested(args))
{
    // `dotnet run --project src/Incidents.Web -- seed-demo --incidents 1000` fills the database and exits.
    Environment.ExitCode = await DemoData.SeedFromCommandLineAsync(app, args, Console.Out, Console.Error);
    return;
}

app.Run();

/// <summary>Entry point; public so WebApplicationFactory can host it in tests.</summary>
public partial class Program;
