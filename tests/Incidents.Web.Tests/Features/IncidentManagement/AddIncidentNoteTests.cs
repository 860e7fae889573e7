using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.AddNote;
using Incidents.Web.Features.IncidentManagement.Show;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>Notes on the timeline.</summary>
public sealed class AddIncidentNoteTests : IncidentUseCaseTests
{
    [Fact]
    public async Task Note_ScriptInMarkdown_RenderedSanitized()
    {
        var id = await OpenAsync();

        await Get<AddIncidentNote>().HandleAsync(id, "Look <script>alert(1)</script> [x](javascript:alert(2)) **bold**", Ana);

        var html = (await Get<ShowIncident>().HandleAsync(id))!.Timeline.First(t => t.Kind == TimelineKind.Note).Html!;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
    }
}
