using Incidents.Domain.Problems;

namespace Incidents.Web.Features.Problems.Backlog;

/// <summary>Where to create items and how to sign in (the token is already unprotected).</summary>
internal sealed record BacklogTarget(BacklogSystem System, string BaseUrl, string Project, string? WorkItemType, string Token, IReadOnlyList<string> Labels);

/// <summary>What the item says: title, a Markdown body with the why, and the link back to the countermeasure.</summary>
internal sealed record BacklogItemRequest(string Title, string Body, Uri LinkBack, int Priority);

internal sealed record BacklogItem(string Id, string Url, BacklogItemState State, string StateLabel);

/// <summary>The tracker refused or could not be reached. Transient failures are worth retrying later.</summary>
internal sealed class BacklogException(string message, bool transient) : Exception(message)
{
    public bool Transient { get; } = transient;
}

/// <summary>One development backlog's REST API: create an item, read items' states. GitHub and Azure DevOps implement it.</summary>
internal interface IBacklogClient
{
    BacklogSystem System { get; }

    Task<BacklogItem> CreateAsync(BacklogTarget target, BacklogItemRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<BacklogItem>> GetAsync(BacklogTarget target, IReadOnlyList<string> ids, CancellationToken cancellationToken);
}

internal static class BacklogHttp
{
    public const string ClientName = "backlog";

    public static async Task<string> ReadOrThrowAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        var status = (int)response.StatusCode;
        var detail = body.Length > 300 ? body[..300] : body;
        var transient = status is 408 or 429 or >= 500
            || (status == 403 && response.Headers.TryGetValues("x-ratelimit-remaining", out var remaining) && remaining.FirstOrDefault() == "0");
        var hint = status switch
        {
            401 => " (the token is wrong or expired)",
            403 => " (the token may lack the permission, or the rate limit was hit)",
            404 => " (the repository or project is not found, or the token cannot see it)",
            _ => "",
        };
        throw new BacklogException($"{what} failed: HTTP {status}{hint}. {detail}".Trim(), transient);
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new BacklogException($"{what} failed: {ex.Message}", transient: true);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BacklogException($"{what} timed out: {ex.Message}", transient: true);
        }
    }
}
