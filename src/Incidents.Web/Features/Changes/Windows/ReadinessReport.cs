using System.Globalization;
using System.Text;
using Incidents.Domain.Access;
using Incidents.Domain.Changes;

namespace Incidents.Web.Features.Changes.Windows;

/// <summary>
/// A window's readiness report as Markdown (GET /changes/windows/{id}/readiness.md?start=…): the agenda of the
/// deployment meeting, with every change planned in the window, its state, approvals, risk, checklist progress and
/// the checkpoints it missed.
/// </summary>
internal static class ReadinessReport
{
    public static string Markdown(WindowReadiness readiness)
    {
        var o = readiness.Occurrence;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {o.Name}: {o.Start:ddd d MMM yyyy HH:mm}–{o.End:HH:mm} UTC ({readiness.Scope})\n\n");
        foreach (var (checkpoint, due) in o.Checkpoints)
        {
            text.Append(CultureInfo.InvariantCulture, $"- Checkpoint **{checkpoint.Name}** by {due:ddd d MMM HH:mm} UTC: {Change.Describe(checkpoint.Reached)}\n");
        }

        text.Append('\n');
        if (readiness.Changes.Count == 0)
        {
            text.Append("No change is planned in this window.\n");
            return text.ToString();
        }

        text.Append("| change | service | state | approvals | risk | checklist | missed checkpoints |\n|---|---|---|---|---|---|---|\n");
        foreach (var c in readiness.Changes)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {c.Number} {Escape(c.Title)} | {Escape(c.ServiceName)} | {Change.Label(c.Status)} | {c.ApprovalsGiven} of {c.ApprovalsNeeded} | {c.Risk.ToString().ToLowerInvariant()} | {c.StepsDone} of {c.Steps} | {(c.MissedCheckpoints.Count == 0 ? "—" : string.Join(", ", c.MissedCheckpoints))} |\n");
        }

        return text.ToString();
    }

    public static void MapReadinessReport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/changes/windows/{id:long}/readiness.md", async (long id, long? start, ManageWindows windows, CancellationToken cancellationToken) =>
            {
                if (start is not { } seconds || seconds is < 0 or > 253_402_300_799)
                {
                    return Results.Problem(title: "The request is not valid.", detail: "Say which occurrence: start=<Unix seconds of its start>.", statusCode: 400);
                }

                var at = DateTimeOffset.FromUnixTimeSeconds(seconds);
                var calendar = await windows.CalendarAsync(at.AddMinutes(-1), at.AddDays(1), null, cancellationToken);
                return calendar.Windows.FirstOrDefault(w => w.Occurrence.WindowId == id && w.Occurrence.Start == at) is { } readiness
                    ? Results.File(Encoding.UTF8.GetBytes(Markdown(readiness)), "text/markdown; charset=utf-8", $"readiness-{at:yyyy-MM-dd-HHmm}.md")
                    : Results.Problem(title: "Not found", detail: "That window does not open then.", statusCode: 404);
            })
            .RequireAuthorization(nameof(Permission.ViewPortal));

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
