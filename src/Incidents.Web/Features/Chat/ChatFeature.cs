using Incidents.Web.Features.Chat.Commands;
using Incidents.Web.Features.Chat.Slack;
using Incidents.Web.Features.Chat.Teams;
using Incidents.Web.Features.OnCall.Channels;

namespace Incidents.Web.Features.Chat;

internal static class ChatFeature
{
    public static WebApplicationBuilder AddChatFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChatIdentityLinks>();
        builder.Services.AddSingleton<ConversationMemory>();
        builder.Services.AddSingleton<ChatIncidents>();
        foreach (var handler in typeof(ChatCommandHandler<>).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsClass: true } && t.IsAssignableTo(typeof(IChatCommandHandler))))
        {
            builder.Services.AddSingleton(typeof(IChatCommandHandler), handler);
        }

        builder.Services.AddSingleton<RunChatCommand>();
        builder.Services.AddSingleton<ChatDirect>();
        builder.Services.AddSingleton<ChatPeople>();
        builder.Services.AddSingleton<ChatMessageLog>();
        builder.Services.AddSingleton<ChatInbox>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChatInbox>());

        builder.Services.Configure<SlackOptions>(builder.Configuration.GetSection(SlackOptions.Section));
        builder.Services.AddHttpClient(SlackApi.ClientName, http => http.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton<SlackApi>();
        builder.Services.AddSingleton<SlackBot>();
        builder.Services.AddSingleton<INotificationChannel, SlackChannel>();
        builder.Services.AddHostedService<ChatCards>();

        builder.Services.Configure<TeamsOptions>(builder.Configuration.GetSection(TeamsOptions.Section));
        builder.Services.AddHttpClient(TeamsConnector.ClientName, http => http.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton<TeamsAuthentication>();
        builder.Services.AddSingleton<TeamsConnector>();
        builder.Services.AddSingleton<TeamsBot>();
        builder.Services.AddSingleton<INotificationChannel, TeamsChannel>();
        return builder;
    }

    public static WebApplication MapChatFeature(this WebApplication app)
    {
        app.MapSlackEndpoints();
        app.MapTeamsEndpoints();
        return app;
    }
}
