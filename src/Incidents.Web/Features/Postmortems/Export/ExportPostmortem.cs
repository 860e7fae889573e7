using System.Globalization;
using System.Text;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Domain.Postmortems;
using Incidents.Web.Features.Postmortems.Edit;

namespace Incidents.Web.Features.Postmortems.Export;

/// <summary>The postmortem as one Markdown document (GET /postmortems/{id}/export.md), for wikis and archives.</summary>
internal static class ExportPostmortem
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

        foreach (var section in PostmortemSection.All)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {section.Title}").AppendLine();
            switch (section.Kind)
            {
                case PostmortemSectionKind.Text:
                    var text = p.TextOf(section);
                    md.AppendLine(string.IsNullOrWhiteSpace(text) ? "_Not written._" : text.Trim()).AppendLine();
                    break;
                case PostmortemSectionKind.Timeline:
                    md.AppendLine("| Time (UTC) | What happened |").AppendLine("|---|---|");
                    foreach (var item in p.Timeline)
                    {
                        md.AppendLine(CultureInfo.InvariantCulture, $"| {item.At:yyyy-MM-dd HH:mm} | {item.Text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ")} |");
                    }

                    md.AppendLine();
                    break;
                case PostmortemSectionKind.Countermeasures:
                    foreach (var c in p.Countermeasures)
                    {
                        md.AppendLine(CultureInfo.InvariantCulture, $"- [{(c.State is Domain.Problems.CountermeasureState.Done or Domain.Problems.CountermeasureState.Verified ? "x" : " ")}] {c.Title} — {Domain.Problems.Countermeasure.Describe(c.Kind)}, {c.OwnerName ?? "no owner"}, {Domain.Problems.Countermeasure.Describe(c.State)}{(c.BacklogUrl is { Length: > 0 } url ? $" ({url})" : "")}");
                    }

                    if (p.Countermeasures.Count == 0)
                    {
                        md.AppendLine("_None recorded._");
                    }

                    break;
            }
        }

        return md.ToString();
    }

    public static void MapPostmortemExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/postmortems/{id:long}/export.md", async (long id, ShowPostmortem show, CancellationToken cancellationToken) =>
                await show.HandleAsync(id, cancellationToken) is { } postmortem
                    ? Results.File(Encoding.UTF8.GetBytes(Markdown(postmortem)), "text/markdown; charset=utf-8", $"postmortem-{postmortem.IncidentNumber}.md")
                    : Results.Problem(title: "Not found", detail: "That postmortem does not exist.", statusCode: 404))
            .RequireAuthorization(nameof(Permission.ViewPortal));
}
