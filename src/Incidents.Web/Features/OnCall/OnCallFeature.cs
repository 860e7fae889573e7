using Incidents.Web.Features.IncidentManagement.Paging;
using Incidents.Web.Features.OnCall.Channels;
using Incidents.Web.Features.OnCall.Contacts;
using Incidents.Web.Features.OnCall.Now;
using Incidents.Web.Features.OnCall.Paging;
using Incidents.Web.Features.OnCall.Policies;
using Incidents.Web.Features.OnCall.Schedules;

namespace Incidents.Web.Features.OnCall;

internal static class OnCallFeature
{
    public static WebApplicationBuilder AddOnCallFeature(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<PagingOptions>(builder.Configuration.GetSection(PagingOptions.Section));
        builder.Services.Configure<SmtpOptions>(builder.Configuration.GetSection(SmtpOptions.Section));
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.Section));
        builder.Services.AddSingleton<ManageSchedules>();
        builder.Services.AddSingleton<ManagePolicies>();
        builder.Services.AddSingleton<ManageContacts>();
        builder.Services.AddSingleton<WhoIsOnCall>();
        builder.Services.AddSingleton<PagingSignal>();
        builder.Services.AddSingleton<StartEscalation>();
        builder.Services.AddSingleton<IPager>(sp => sp.GetRequiredService<StartEscalation>());
        builder.Services.AddSingleton<StopEscalation>();
        builder.Services.AddSingleton<PageSomeone>();
        builder.Services.AddSingleton<EscalateNow>();
        builder.Services.AddSingleton<ShowPaging>();
        builder.Services.AddSingleton<RunEscalationSteps>();
        builder.Services.AddSingleton<SendNotifications>();
        builder.Services.AddSingleton<INotificationChannel, EmailChannel>();
        builder.Services.AddHttpClient(WebhookChannel.ClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<INotificationChannel, WebhookChannel>();
        builder.Services.AddSingleton<PagingDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PagingDispatcher>());
        return builder;
    }
}
