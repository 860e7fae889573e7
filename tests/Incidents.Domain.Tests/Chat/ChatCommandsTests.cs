using Incidents.Domain.Chat;
using Incidents.Domain.Incidents;

namespace Incidents.Domain.Tests.Chat;

public sealed class ChatCommandsTests
{
    public static TheoryData<string, ChatCommand> Parsed() => new()
    {
        { "", new ChatCommand.Help() },
        { "help", new ChatCommand.Help() },
        { "<@U0LAN0Z89> help", new ChatCommand.Help() },
        { "<at>Incidents</at> ack", new ChatCommand.Ack(null) },
        { "ack INC-42", new ChatCommand.Ack(42) },
        { "ACK inc-42", new ChatCommand.Ack(42) },
        { "resolve #7", new ChatCommand.Resolve(7) },
        { "escalate", new ChatCommand.Escalate(null) },
        { "status 12", new ChatCommand.Status(12) },
        { "note Rolled back to 1.4.2, errors dropping", new ChatCommand.Note("Rolled back to 1.4.2, errors dropping") },
        { "note INC-988 Rolled back", new ChatCommand.Note("Rolled back", 988) },
        { "note 1.4.2 is out", new ChatCommand.Note("1.4.2 is out") },
        { "resolve", new ChatCommand.Resolve(null) },
        { "resolve INC-7 Rolled back the release", new ChatCommand.Resolve(7, "Rolled back the release") },
        { "resolve Restarted the pool", new ChatCommand.Resolve(null, "Restarted the pool") },
        { "oncall", new ChatCommand.OnCall(null) },
        { "oncall checkout-api", new ChatCommand.OnCall("checkout-api") },
        { "page @ana INC-3", new ChatCommand.Page("ana", 3) },
        { "page checkout-api", new ChatCommand.Page("checkout-api", null) },
        { "list", new ChatCommand.List() },
        { "postmortem INC-9", new ChatCommand.Postmortem(9) },
        { "rsvp 12 accept", new ChatCommand.Rsvp(12, global::Incidents.Domain.Postmortems.Rsvp.Accepted) },
        { "rsvp 12 Tentative", new ChatCommand.Rsvp(12, global::Incidents.Domain.Postmortems.Rsvp.Tentative) },
        { "rsvp 3 decline", new ChatCommand.Rsvp(3, global::Incidents.Domain.Postmortems.Rsvp.Declined) },
        { "link ab12cd", new ChatCommand.Link("AB12CD") },
        { "change CHG-42", new ChatCommand.ShowChange(42) },
        { "change chg-7", new ChatCommand.ShowChange(7) },
        { "changes", new ChatCommand.ListChanges(null) },
        { "changes checkout-api", new ChatCommand.ListChanges("checkout-api") },
        { "approve CHG-12", new ChatCommand.DecideChange(12, true, null) },
        { "approve chg-12 Looks safe, tested in QA", new ChatCommand.DecideChange(12, true, "Looks safe, tested in QA") },
        { "Reject CHG-3 No rollback plan", new ChatCommand.DecideChange(3, false, "No rollback plan") },
        { "reject 3", new ChatCommand.DecideChange(3, false, null) },
        { "declare Checkout is down", new ChatCommand.DeclareIncident("Checkout is down", null, null) },
        { "declare Checkout is down sev1 checkout-api", new ChatCommand.DeclareIncident("Checkout is down", Severity.Sev1, "checkout-api") },
        { "declare \"Slow search\" SEV3", new ChatCommand.DeclareIncident("Slow search", Severity.Sev3, null) },
    };

    [Theory]
    [MemberData(nameof(Parsed))]
    public void Parse_KnownCommands_TheirRecord(string input, ChatCommand expected)
    {
        Assert.Equal(expected, ChatCommands.Parse(input));
    }

    [Theory]
    [InlineData("frobnicate", "I don't know `frobnicate`.")]
    [InlineData("ack INC-x", "Usage: `ack [INC-n]`.")]
    [InlineData("ack 1 2", "Usage: `ack [INC-n]`.")]
    [InlineData("note", "Usage: `note [INC-n] <text>`.")]
    [InlineData("note INC-4", "Usage: `note [INC-n] <text>`.")]
    [InlineData("page", "Usage: `page <person|service> [INC-n]`.")]
    [InlineData("declare sev2", "Usage: `declare <title> [sev1-4] [service]`.")]
    [InlineData("list all", "`list` takes nothing after it.")]
    [InlineData("change", "Usage: `change <CHG-n>`.")]
    [InlineData("change INC-4", "Usage: `change <CHG-n>`.")]
    [InlineData("change CHG-0", "Usage: `change <CHG-n>`.")]
    [InlineData("approve", "Usage: `approve <CHG-n> [why]`.")]
    [InlineData("approve INC-4 fine", "Usage: `approve <CHG-n> [why]`.")]
    [InlineData("reject why not", "Usage: `reject <CHG-n> <why>`.")]
    [InlineData("rsvp 12 perhaps", "Usage: `rsvp <meeting> accept|tentative|decline` (the invitation's buttons send it for you).")]
    [InlineData("rsvp x accept", "Usage: `rsvp <meeting> accept|tentative|decline` (the invitation's buttons send it for you).")]
    public void Parse_Malformed_UnknownWithAShortReason(string input, string problem)
    {
        Assert.Equal(new ChatCommand.Unknown(problem), ChatCommands.Parse(input));
    }
}
