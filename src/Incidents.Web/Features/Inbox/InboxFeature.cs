using Incidents.Web.Features.OnCall.Channels;

namespace Incidents.Web.Features.Inbox;

/// <summary>The portal's notification bell: pages (the Portal contact method), assignments, mentions and notices.</summary>
internal static class InboxFeature
{
    public static WebApplicationBuilder AddInboxFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InboxSignal>();
        builder.Services.AddSingleton<PortalInbox>();
        builder.Services.AddSingleton<INotificationChannel, PortalChannel>();
        return builder;
    }
}
