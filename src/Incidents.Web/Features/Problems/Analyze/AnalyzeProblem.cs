using Incidents.Domain;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Problems.Analyze;

public sealed record AnalysisInput(IReadOnlyList<string> Whys, IReadOnlyList<string> ContributingFactors, RootCauseCategory? Category, string? RootCause, string? Workaround);

/// <summary>The root-cause analysis (five whys, factors, category, root cause, workaround), the life cycle and the owner.</summary>
internal sealed class AnalyzeProblem(IDbContextFactory<IncidentsDbContext> contexts, IOptions<ProblemOptions> options, TimeProvider clock)
{
    public Task<Outcome> RecordAsync(long id, AnalysisInput input, int version, Actor by, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, version, by, problem =>
        {
            var hadWorkaround = problem.Workaround is not null;
            var before = problem.Status;
            var outcome = problem.RecordAnalysis(input.Whys, input.ContributingFactors, input.Category, input.RootCause, input.Workaround);
            if (!outcome.Succeeded)
            {
                return (outcome, null);
            }

            var what = problem.Workaround is not null && !hadWorkaround ? "Analysis recorded, with a workaround." : "Analysis recorded.";
            var moved = problem.Status == before ? "" : $" {Label(before)} → {Label(problem.Status)}.";
            return (outcome, new ProblemEvent(problem.Id, ProblemEventKind.AnalysisRecorded, by, clock.GetUtcNow(),
                $"{what} {problem.Whys.Count} why(s), {problem.ContributingFactors.Count} contributing factor(s)" + (problem.Category is { } c ? $", category {Label(c)}." : ".") + moved));
        }, cancellationToken);

    public Task<Outcome> ApplyAsync(long id, ProblemAction action, string? reason, int version, Actor by, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, version, by, problem =>
        {
            var before = problem.Status;
            var outcome = problem.Apply(action, clock.GetUtcNow(), options.Value.WatchWindow, reason);
            return outcome.Succeeded
                ? (outcome, new ProblemEvent(problem.Id, ProblemEventKind.StatusChanged, by, clock.GetUtcNow(),
                    $"{Label(before)} → {Label(problem.Status)}" + (action == ProblemAction.Close ? $": {problem.ClosedReason}" : "")
                    + (action == ProblemAction.Resolve ? $". Watching for a recurrence until {problem.WatchUntil:yyyy-MM-dd HH:mm} UTC." : ".")))
                : (outcome, null);
        }, cancellationToken);

    public Task<Outcome> AssignOwnerAsync(long id, string? ownerId, int version, Actor by, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, version, by, problem =>
        {
            problem.AssignOwner(ownerId);
            return (Outcome.Success, new ProblemEvent(problem.Id, ProblemEventKind.OwnerChanged, by, clock.GetUtcNow(), problem.OwnerId is null ? "No owner now." : "Owner changed."));
        }, cancellationToken, ownerId);

    public static string Label(ProblemStatus status) => status switch
    {
        ProblemStatus.New => "New",
        ProblemStatus.Investigating => "Investigating",
        ProblemStatus.KnownError => "Known error",
        ProblemStatus.FixInProgress => "Fix in progress",
        ProblemStatus.Resolved => "Resolved",
        ProblemStatus.Verified => "Verified",
        ProblemStatus.Closed => "Closed",
    };

    public static string Label(RootCauseCategory category) => category switch
    {
        RootCauseCategory.Software => "Software",
        RootCauseCategory.InfrastructureHardware => "Infrastructure / hardware",
        RootCauseCategory.Configuration => "Configuration",
        RootCauseCategory.Process => "Process",
        RootCauseCategory.KnowledgeTraining => "Knowledge / training",
        RootCauseCategory.ThirdParty => "Third party",
    };

    public static string Label(ProblemAction action) => action switch
    {
        ProblemAction.Investigate => "Investigate",
        ProblemAction.StartFix => "Start fix",
        ProblemAction.Resolve => "Resolve (fix shipped)",
        ProblemAction.Verify => "Verify",
        ProblemAction.Reopen => "Reopen",
        ProblemAction.Close => "Close",
    };

    private async Task<Outcome> ChangeAsync(long id, int version, Actor by, Func<Problem, (Outcome, ProblemEvent?)> change, CancellationToken cancellationToken, string? ownerId = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var problem = await db.Problems.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (problem is null)
        {
            return Outcome.NotFound($"{Problem.Format(id)} does not exist.");
        }

        if (problem.Version != version)
        {
            return Outcome.Conflict($"{problem.Number} was changed by someone else meanwhile; reload to see it.");
        }

        if (ownerId is { Length: > 0 } && !await db.Users.AnyAsync(u => u.Id == ownerId, cancellationToken))
        {
            return Outcome.Invalid("The owner is not a person in Incidents.");
        }

        var (outcome, history) = change(problem);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        if (history is not null)
        {
            db.ProblemHistory.Add(history);
        }

        try
        {
            db.ActingAs(by);
            await db.SaveChangesAsync(cancellationToken);
            return Outcome.Success;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Conflict($"{problem.Number} was changed by someone else meanwhile; reload to see it.");
        }
    }
}
