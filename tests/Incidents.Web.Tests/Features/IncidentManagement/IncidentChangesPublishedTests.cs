using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.IncidentManagement.AddNote;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.PostUpdate;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>Every handler tells open views what changed.</summary>
public sealed class IncidentChangesPublishedTests : IncidentUseCaseTests
{
    [Fact]
    public async Task Change_AnyHandler_PublishedToOpenViews()
    {
        var id = await OpenAsync();
        var seen = new List<IncidentChanged>();
        using var subscription = Get<IIncidentNotifier>().Subscribe(c =>
        {
            lock (seen)
            {
                seen.Add(c);
            }

            return Task.CompletedTask;
        });

        await Get<AddIncidentNote>().HandleAsync(id, "Looking at the DB", Ana);
        await Get<PostStatusUpdate>().HandleAsync(id, "We are on it", Ana);
        await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Acknowledge, Ana);

        // Delivered after the writer answered, off its path, in order.
        await Eventually.UntilAsync(() => { lock (seen) { return seen.Count >= 3; } }, "three changes delivered");
        Assert.Equal([(IncidentChangeKind.Acted, IncidentAction.AddNote), (IncidentChangeKind.Acted, IncidentAction.PostStatusUpdate), (IncidentChangeKind.Acted, IncidentAction.Acknowledge)],
            seen.Select(c => (c.Kind, c.Action)));
        Assert.All(seen, c => Assert.Equal(id, c.IncidentId));
        Assert.True(seen[2].Version > seen[0].Version);
    }
}
