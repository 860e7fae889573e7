using Incidents.Web.Features.Chat.Commands;

namespace Incidents.Web.Features.Chat;

public static class ChatFeature
{
    public static WebApplicationBuilder AddChatFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RunChatCommand>();
        builder.Services.AddSingleton<ChatPeople>();
        return builder;
    }
}
