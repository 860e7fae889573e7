using Incidents.Domain;
using Incidents.Domain.Postmortems;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Postmortems.Edit;

internal enum PostmortemStep
{
    Submit,
    ReturnToDraft,
    Publish,
}

/// <summary>Writing a postmortem: autosaved sections, the problem link, the workflow, owner and due date, review comments.</summary>
internal sealed class EditPostmortem(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    /// <summary>Saves the sections if nobody saved in between; returns the new version for the next autosave.</summary>
    public async Task<(Outcome Outcome, int Version)> SaveAsync(long id, PostmortemContent content, int version, Actor by, CancellationToken cancellationToken = default)
    {
        int saved = version;
        var outcome = await ChangeAsync(id, version, by, p =>
        {
            var result = p.Edit(content, by, clock.GetUtcNow());
            saved = p.Version;
            return result;
        }, cancellationToken);
        return (outcome, saved);
    }

    public Task<Outcome> LinkProblemAsync(long id, long? problemId, int version, Actor by, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, version, by, p => p.LinkProblem(problemId, by, clock.GetUtcNow()), cancellationToken, problemId);

    /// <summary>A step of the workflow; publishing before a scheduled review needs the owner's <paramref name="earlyReason"/>.</summary>
    public async Task<Outcome> StepAsync(long id, PostmortemStep step, int version, Actor by, string? earlyReason = null, CancellationToken cancellationToken = default)
    {
        var review = step == PostmortemStep.Publish ? await ReviewStartsAtAsync(id, cancellationToken) : null;
        return await ChangeAsync(id, version, by, p => step switch
        {
            PostmortemStep.Submit => p.Submit(by, clock.GetUtcNow()),
            PostmortemStep.ReturnToDraft => p.ReturnToDraft(by, clock.GetUtcNow()),
            PostmortemStep.Publish => p.Publish(by, clock.GetUtcNow(), review, earlyReason),
        }, cancellationToken);
    }

    /// <summary>When the postmortem's review meeting starts, if one is scheduled (and not cancelled).</summary>
    public async Task<DateTimeOffset?> ReviewStartsAtAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ReviewMeetings.AsNoTracking().Where(m => m.PostmortemId == id && !m.Cancelled)
            .Select(m => (DateTimeOffset?)m.StartsAt).FirstOrDefaultAsync(cancellationToken);
    }

    public Task<Outcome> AssignOwnerAsync(long id, string? ownerId, int version, Actor by, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, version, by, p =>
        {
            if (p.IsReadOnly)
            {
                return Outcome.Conflict("A published postmortem is read-only.");
            }

            p.OwnerId = string.IsNullOrWhiteSpace(ownerId) ? null : ownerId;
            return p.ChangeDue(p.DueAt, by, clock.GetUtcNow());
        }, cancellationToken, owner: ownerId);

    public async Task<Outcome> CommentAsync(long id, string section, string text, Actor by, CancellationToken cancellationToken = default)
    {
        if (!PostmortemSection.Exists(section))
        {
            return Outcome.Invalid("Comment on one of the postmortem's sections.");
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > 4000)
        {
            return Outcome.Invalid("Write a comment of at most 4,000 characters.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var status = await db.Postmortems.Where(p => p.Id == id).Select(p => (PostmortemStatus?)p.Status).SingleOrDefaultAsync(cancellationToken);
        if (status is null)
        {
            return Outcome.NotFound("That postmortem does not exist.");
        }

        if (status == PostmortemStatus.Published)
        {
            return Outcome.Conflict("A published postmortem takes no more comments.");
        }

        db.ActingAs(by).ReviewComments.Add(new ReviewComment(id, section, text.Trim(), by, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }

    public async Task<Outcome> ResolveCommentAsync(long commentId, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var comment = await db.ReviewComments.SingleOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment is null)
        {
            return Outcome.NotFound("That comment does not exist.");
        }

        comment.ResolvedAt ??= clock.GetUtcNow();
        comment.ResolvedByName ??= by.Name;
        await db.ActingAs(by).SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }

    private async Task<Outcome> ChangeAsync(long id, int version, Actor by, Func<Postmortem, Outcome> change, CancellationToken cancellationToken, long? problemId = null, string? owner = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var postmortem = await db.Postmortems.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (postmortem is null)
        {
            return Outcome.NotFound("That postmortem does not exist.");
        }

        if (postmortem.Version != version)
        {
            return Outcome.Conflict($"It was changed by {postmortem.LastEditedByName} meanwhile; reload to see their changes.");
        }

        if (problemId is { } problem && !await db.Problems.AnyAsync(p => p.Id == problem, cancellationToken))
        {
            return Outcome.Invalid("That problem does not exist.");
        }

        if (owner is { Length: > 0 } && !await db.Users.AnyAsync(u => u.Id == owner, cancellationToken))
        {
            return Outcome.Invalid("The owner is not a person in Incidents.");
        }

        var outcome = change(postmortem);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        try
        {
            await db.ActingAs(by).SaveChangesAsync(cancellationToken);
            return Outcome.Success;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Conflict("It was changed by someone else meanwhile; reload to see their changes.");
        }
    }
}
