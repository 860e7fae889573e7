using System.Buffers;
using Ganss.Xss;
using Markdig;

namespace Incidents.Web.Infrastructure;

/// <summary>Markdown to HTML that is safe to show: raw HTML is not passed through, and the result is sanitized.</summary>
internal sealed class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .Build();

    private readonly HtmlSanitizer sanitizer = CreateSanitizer();

    /// <summary>Characters without which a line renders as itself (emphasis, code, links, lists, headings, tables, escapes).</summary>
    private static readonly SearchValues<char> Syntax = SearchValues.Create("*_`[]<>#~|\\!\n");

    public string ToHtml(string markdown) => sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    /// <summary>
    /// The HTML of a line that has Markdown in it, or null when it is plain text (most lines the system writes): sanitizing
    /// is the costly part of rendering, and a plain line needs none.
    /// </summary>
    public string? ToHtmlIfMarkdown(string text) =>
        text.AsSpan().ContainsAny(Syntax) || text.Contains("://", StringComparison.Ordinal) || text.Contains("www.", StringComparison.Ordinal) || text.Contains('@')
            ? ToHtml(text)
            : null;

    /// <summary>Text to put inside a Markdown link's brackets as itself: its Markdown characters escaped, on one line.</summary>
    public static string LinkText(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            if (c is '\\' or '[' or ']' or '*' or '_' or '`' or '<' or '>' or '~' or '|' or '!')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Html.Dom.IHtmlAnchorElement anchor)
            {
                anchor.SetAttribute("rel", "noopener noreferrer nofollow");
                anchor.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }
}
