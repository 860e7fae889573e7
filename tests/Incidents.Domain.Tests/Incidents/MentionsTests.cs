using Incidents.Domain.Incidents;

namespace Incidents.Domain.Tests.Incidents;

public sealed class MentionsTests
{
    [Theory]
    [InlineData("@ana can you look?", "ana")]
    [InlineData("Thanks @Ana.", "ana")]
    [InlineData("@ana and @riley.responder, then @ana again", "ana,riley.responder")]
    [InlineData("mail ana@example.com about it", "")]
    [InlineData("run `kubectl get @pods` first", "")]
    [InlineData("```\n@deploy\n```", "")]
    [InlineData("(@ben)", "ben")]
    [InlineData("", "")]
    [InlineData("@", "")]
    public void In_FindsHandles_NotAddressesOrCode(string text, string expected)
    {
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), Mentions.In(text));
    }

    [Fact]
    public void In_AtMostTwentyHandles()
    {
        Assert.Equal(Mentions.MaxPerText, Mentions.In(string.Join(' ', Enumerable.Range(0, 50).Select(i => $"@p{i}"))).Count);
    }

    [Theory]
    [InlineData("Ana.Lopez@Example.com", "ana.lopez")]
    [InlineData("nobody", null)]
    [InlineData(null, null)]
    public void HandleOf_ThePartBeforeTheAt(string? email, string? handle)
    {
        Assert.Equal(handle, Mentions.HandleOf(email));
    }
}
