using Incidents.Web.Infrastructure;

namespace Incidents.Web.Tests.Infrastructure;

/// <summary>Timeline lines: Markdown rendered and sanitized; plain lines (most the system writes) left as text.</summary>
public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer markdown = new();

    [Theory]
    [InlineData("Opened as SEV2 on Checkout API.")]
    [InlineData("Resolved by Ana: failed over to the replica.")]
    [InlineData("Severity SEV3 → SEV1 (override): customers cannot pay")]
    public void PlainLine_NoHtml(string text)
    {
        Assert.Null(markdown.ToHtmlIfMarkdown(text));
    }

    [Theory]
    [InlineData("escalated to level 2 of **Checkout**: paged bob", "<strong>Checkout</strong>")]
    [InlineData("run `kubectl rollout undo`", "<code>kubectl rollout undo</code>")]
    [InlineData("see https://status.example.com", "href=\"https://status.example.com\"")]
    [InlineData("first\nsecond", "second")]
    public void MarkdownLine_Rendered(string text, string expected)
    {
        Assert.Contains(expected, markdown.ToHtmlIfMarkdown(text), StringComparison.Ordinal);
    }

    [Fact]
    public void Script_RenderedSanitized()
    {
        var html = markdown.ToHtmlIfMarkdown("<script>alert(1)</script> [x](javascript:alert(2))")!;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }
}
