using System.Net;
using System.Text.RegularExpressions;

namespace Incidents.Web.Tests.Infrastructure;

/// <summary>Submits statically rendered Blazor forms the way a browser does: GET the page, then POST with its antiforgery token.</summary>
public static partial class FormPosting
{
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient browser, string path, string formName, Dictionary<string, string> fields)
    {
        var page = await browser.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {path} (status {(int)page.StatusCode}).");

        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["_handler"] = formName,
        };
        return await browser.PostAsync(path, new FormUrlEncodedContent(form));
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
