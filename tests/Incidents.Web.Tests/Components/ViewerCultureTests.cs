using Incidents.Web.Components.Widgets;

namespace Incidents.Web.Tests.Components;

/// <summary>The browser's language names the culture date pickers use; whatever else it sends gives ISO dates.</summary>
public sealed class ViewerCultureTests
{
    [Theory]
    [InlineData("de-DE", "dd.MM.yyyy")]
    [InlineData("en-GB", "dd/MM/yyyy")]
    [InlineData("en-US", "M/d/yyyy")]
    public void CultureOf_ABrowserLanguage_ItsShortDates(string tag, string pattern) =>
        Assert.Equal(pattern, ViewerTimeZone.CultureOf(tag).DateTimeFormat.ShortDatePattern);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("xx-not-a-language")]
    [InlineData("de-DE\u0000<script>")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void CultureOf_NothingOrNonsense_TheInvariantCulture(string? tag) =>
        Assert.Same(System.Globalization.CultureInfo.InvariantCulture, ViewerTimeZone.CultureOf(tag));
}
