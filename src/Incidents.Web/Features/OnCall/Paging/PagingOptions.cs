namespace Incidents.Web.Features.OnCall.Paging;

internal sealed class PagingOptions
{
    public const string Section = "Paging";

    /// <summary>Run the dispatcher in this instance (several instances on one database may all run it).</summary>
    public bool RunDispatcher { get; set; } = true;

    /// <summary>How often the dispatcher looks for due steps when nothing woke it; at most a second.</summary>
    public int TickMilliseconds { get; set; } = 250;

    /// <summary>
    /// How long a claimed step is reserved for its dispatcher; after that another may take it. A step is one short
    /// transaction, so this is also the longest a crash can delay the page of a step it had claimed.
    /// </summary>
    public int StepLeaseSeconds { get; set; } = 10;

    /// <summary>Longer than any channel's own timeout, so a slow send is not taken over while it runs.</summary>
    public int DeliveryLeaseSeconds { get; set; } = 120;
}
