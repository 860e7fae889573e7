using Incidents.Web.Features.Users.ChangeRoles;
using Incidents.Web.Features.Users.Disable;
using Incidents.Web.Features.Users.Invite;
using Incidents.Web.Features.Users.List;

namespace Incidents.Web.Features.Users;

internal static class UsersFeature
{
    public static WebApplicationBuilder AddUsersFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UserManagers>();
        builder.Services.AddScoped<ListUsers>();
        builder.Services.AddScoped<InviteUser>();
        builder.Services.AddScoped<ChangeUserRoles>();
        builder.Services.AddScoped<DisableUser>();
        return builder;
    }
}
