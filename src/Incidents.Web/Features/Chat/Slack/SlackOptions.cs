namespace Incidents.Web.Features.Chat.Slack;

internal sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>From the app's Basic Information page; every request from Slack is verified with it. Empty: Slack is off (404).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Bot token (xoxb-…) for the Web API.</summary>
    public string? BotToken { get; set; }

    /// <summary>Web API base URL; Slack's own unless pointed elsewhere (tests use a loopback fake).</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    public bool Enabled => !string.IsNullOrWhiteSpace(SigningSecret);
}
