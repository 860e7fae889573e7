using Bunit;
using Incidents.Domain.Access;
using Incidents.Web.Data;
using Incidents.Web.Features.Chat.Commands;
using Incidents.Web.Features.Chat.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Components;

/// <summary>The portal's chat panel, on the app's command layer.</summary>
public sealed class ChatPanelTests : AppPageTestContext
{
    private static IRenderedComponent<ChatPanel> Send(IRenderedComponent<ChatPanel> panel, string text)
    {
        panel.Find("input[data-testid=chat-input]").Input(text);
        panel.Find("[data-testid=chat-send]").Click();
        return panel;
    }

    [Fact]
    public async Task Command_AnsweredInThePanel()
    {
        await SignInAsync("ana@example.test", Role.Responder);
        var panel = Bunit.Render<ChatPanel>();

        Send(panel, "help");

        panel.WaitForAssertion(() => Assert.StartsWith("Commands: declare", panel.Find("[data-testid=chat-reply]").TextContent.Trim(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task CommandFails_PanelSaysSo_AndTakesTheNextOne()
    {
        await SignInAsync("ana@example.test", Role.Responder);
        // The command layer, with a database that fails every read.
        Bunit.Services.AddSingleton<IDbContextFactory<IncidentsDbContext>>(new FailingContexts());
        foreach (var type in new[] { typeof(ChatIncidents), typeof(ConversationMemory), typeof(ChatIdentityLinks), typeof(RunChatCommand) })
        {
            // Built through bunit's provider, so what is not replaced here comes from the app.
            Bunit.Services.AddSingleton(type, _ => ActivatorUtilities.CreateInstance(Bunit.Services, type));
        }

        foreach (var handler in App.Services.GetServices<IChatCommandHandler>())
        {
            Bunit.Services.AddSingleton(typeof(IChatCommandHandler), _ => ActivatorUtilities.CreateInstance(Bunit.Services, handler.GetType()));
        }

        var panel = Bunit.Render<ChatPanel>();
        Send(panel, "status INC-1");
        panel.WaitForAssertion(() => Assert.Contains("That did not work; try again in a moment.", panel.Find("[data-testid=chat-messages]").TextContent, StringComparison.Ordinal));

        Send(panel, "help");
        panel.WaitForAssertion(() => Assert.Contains("Commands: declare", panel.Find("[data-testid=chat-messages]").TextContent, StringComparison.Ordinal));
    }

    private sealed class FailingContexts : IDbContextFactory<IncidentsDbContext>
    {
        public IncidentsDbContext CreateDbContext() => throw new InvalidOperationException("The database is down.");
    }
}
