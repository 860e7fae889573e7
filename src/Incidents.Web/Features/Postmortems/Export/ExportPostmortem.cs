using System.Globalization;
using System.Text;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Postmortems.Edit;

namespace Incidents.Web.Features.Postmortems.Export;

/// <summary>The postmortem as one Markdown document (GET /postmortems/{id}/export.md), for wikis and archives.</summary>
public static class ExportPostmortem
{
    public static string Markdown(PostmortemDetails p)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Postmortem: {p.IncidentNumber} {p.IncidentTitle}").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- **Severity:** {p.Severity.Label()} · **Service:** {p.ServiceName} ({p.TeamName})");
        md.AppendLine(CultureInfo.InvariantCulture, $"- **Status:** {Domain.Postmortems.Postmortem.Describe(p.Status)}{(p.PublishedAt is { } at ? $", published {at:yyyy-MM-dd}" : "")} · **Owner:** {p.OwnerName ?? "—"}");
        if (p.Meeting is { } meeting)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- **Review:** {meeting.StartsAt:yyyy-MM-dd HH:mm} UTC with {string.Join(", ", meeting.Invitees.Select(i => i.Name))}");
        }

        Section(md, "Summary", p.Summary);
        Section(md, "Customer impact", p.CustomerImpact);
        md.AppendLine("## Timeline").AppendLine();
        md.AppendLine("| Time (UTC) | What happened |").AppendLine("|---|---|");
        foreach (var item in p.Timeline)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {item.At:yyyy-MM-dd HH:mm} | {item.Text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ")} |");
        }

        md.AppendLine();
        Section(md, "Root cause", (p.ProblemId is { } problem ? $"Recorded on problem {Domain.Problems.Problem.Format(problem)} ({p.ProblemTitle}).\n\n" : "") + (p.RootCause ?? ""));
        Section(md, "What went well", p.WentWell);
        Section(md, "What went badly", p.WentBadly);
        Section(md, "Where we got lucky", p.GotLucky);
        md.AppendLine("## Countermeasures").AppendLine();
        foreach (var c in p.Countermeasures)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- [{(c.State is Domain.Problems.CountermeasureState.Done or Domain.Problems.CountermeasureState.Verified ? "x" : " ")}] {c.Title} — {Domain.Problems.Countermeasure.Describe(c.Kind)}, {c.OwnerName ?? "no owner"}, {Domain.Problems.Countermeasure.Describe(c.State)}{(c.BacklogUrl is { Length: > 0 } url ? $" ({url})" : "")}");
        }

        if (p.Countermeasures.Count == 0)
        {
            md.AppendLine("_None recorded._");
        }

        return md.ToString();
    }

    public static void MapPostmortemExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/postmortems/{id:long}/export.md", async (long id, ShowPostmortem show, CancellationToken cancellationToken) =>
                await show.HandleAsync(id, cancellationToken) is { } postmortem
                    ? Results.File(Encoding.UTF8.GetBytes(Markdown(postmortem)), "text/markdown; charset=utf-8", $"postmortem-{postmortem.IncidentNumber}.md")
                    : Results.Problem(title: "Not found", detail: "That postmortem does not exist.", statusCode: 404))
            .RequireAuthorization(nameof(Permission.ViewPortal));

    private static void Section(StringBuilder md, string title, string? text) =>
        md.AppendLine(CultureInfo.InvariantCulture, $"## {title}").AppendLine().AppendLine(string.IsNullOrWhiteSpace(text) ? "_Not written._" : text.Trim()).AppendLine();
}
