using Incidents.Domain;
using MudBlazor;

namespace Incidents.Web.Components.Widgets;

/// <summary>
/// The pages' one way of saying how a command went, and of running one: busy while it runs, a snackbar with the outcome
/// (the domain's own words when it refused), then what follows (a reload).
/// </summary>
internal static class OutcomeSnackbar
{
    public const string DidNotWork = "That did not work.";

    /// <summary>Says <paramref name="success"/>, or why not (<paramref name="failure"/> when the refusal has no words); true when it succeeded.</summary>
    public static bool Say(this ISnackbar snackbar, Outcome outcome, string success, string failure = DidNotWork)
    {
        snackbar.Add(outcome.Succeeded ? (outcome.Note is null ? success : $"{success} {outcome.Note}") : outcome.Error ?? failure,
            outcome.Succeeded ? Severity.Success : Severity.Error);
        return outcome.Succeeded;
    }

    /// <summary>
    /// Runs <paramref name="command"/> with <paramref name="busy"/> set, says how it went (unless <paramref name="shownElsewhere"/>
    /// takes a refusal to show it in the page itself), then runs <paramref name="then"/> with the outcome.
    /// </summary>
    public static async Task<Outcome> RunAsync(
        this ISnackbar snackbar, Func<Task<Outcome>> command, string success, Action<bool> busy,
        Func<Outcome, Task>? then = null, Func<Outcome, bool>? shownElsewhere = null)
    {
        busy(true);
        try
        {
            var outcome = await command();
            if (outcome.Succeeded || shownElsewhere?.Invoke(outcome) != true)
            {
                snackbar.Say(outcome, success);
            }

            if (then is not null)
            {
                await then(outcome);
            }

            return outcome;
        }
        finally
        {
            busy(false);
        }
    }
}
