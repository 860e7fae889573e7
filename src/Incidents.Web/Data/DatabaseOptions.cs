namespace Incidents.Web.Data;

internal enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder for the embedded SQLite file and other local state; relative paths are under the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending EF Core migrations when the app starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
