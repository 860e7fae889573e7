using Incidents.Web.Infrastructure;

namespace Incidents.Web.Features.OnCall.Paging;

/// <summary>Wakes the paging dispatcher when new work is due now, so a page does not wait for the next tick.</summary>
internal sealed class PagingSignal : WakeSignal;
