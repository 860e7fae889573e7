using System.Net;
using System.Text.RegularExpressions;

namespace Incidents.Web.Tests.Infrastructure;

/// <summary>Submits statically rendered Blazor forms the way a browser does: GET the page, then POST with its antiforgery token.</summary>
public static partial class FormPosting
{
    /// <param name="browser"></param>

    /// <param name="path"></param>
    /// <param name="formName"></param>
    /// <param name="fields"></param>    /// <param name="prepare">Sets what both requests carry besides the form (e.g. a proxy's forwarded headers).</param>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient browser, string path, string formName, Dictionary<string, string> fields, Action<HttpRequestMessage>? prepare = null)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, path);
        prepare?.Invoke(get);
        var page = await browser.SendAsync(get);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {path} (status {(int)page.StatusCode}).");

        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["_handler"] = formName,
        };
        using var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        prepare?.Invoke(post);
        return await browser.SendAsync(post);
    }

    public static async Task<string> AntiforgeryTokenFromAsync(this HttpClient browser, string path)
    {
        var html = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {path}.");
        return WebUtility.HtmlDecode(token.Groups["value"].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
