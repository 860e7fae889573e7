namespace Incidents.Domain;

/// <summary>Who did something: a person (with their user id) or the system itself.</summary>
public sealed record Actor(string? Id, string Name)
{
    public static Actor System { get; } = new(null, "Incidents");

    public bool IsSystem => Id is null;
}
