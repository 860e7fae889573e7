namespace Incidents.Domain.Access;

/// <summary>The authorization roles of PRODUCT.md. A person may hold several.</summary>
public enum Role
{
    Admin,
    Responder,
    Support,
    Developer,
    Viewer,
}

public static class Roles
{
    public static IReadOnlyList<Role> All { get; } = Enum.GetValues<Role>();

    public static string Describe(Role role) => role switch
    {
        Role.Admin => "Manages people, services, teams, schedules and integrations",
        Role.Responder => "Gets paged; acknowledges, escalates and resolves incidents",
        Role.Support => "Logs incidents reported by customers and follows their status",
        Role.Developer => "Reviews postmortems and owns countermeasures",
        Role.Viewer => "Reads incidents, reports and postmortems",
    };

    /// <summary>
    /// Whether someone holding <paramref name="held"/> can answer a page: any role but Viewer alone (a Viewer reads; put
    /// on call, nobody could act on what they are paged for).
    /// </summary>
    public static bool CanRespond(IEnumerable<Role> held) => held.Any(r => r != Role.Viewer);

    public static bool TryParse(string? name, out Role role) =>
        Enum.TryParse(name, ignoreCase: true, out role) && Enum.IsDefined(role);
}
