using Incidents.Domain;
using Incidents.Domain.Alerts;
using Incidents.Domain.Catalog;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Domain.Problems;
using Incidents.Web.Features.Alerts;
using Incidents.Web.Features.ApiKeys;
using Incidents.Web.Features.Audit;
using Incidents.Web.Features.Setup;
using Incidents.Web.Features.Users;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Data;

/// <summary>
/// The one model of the application. Each provider has a thin subclass so that each keeps its own migrations
/// (see <see cref="SqliteIncidentsDbContext"/> and <see cref="SqlServerIncidentsDbContext"/>).
/// </summary>
public abstract class IncidentsDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SetupRecord> SetupRecords => Set<SetupRecord>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<Service> Services => Set<Service>();

    public DbSet<Incident> Incidents => Set<Incident>();

    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();

    public DbSet<IncidentLink> IncidentLinks => Set<IncidentLink>();

    public DbSet<AuditEntry> AuditTrail => Set<AuditEntry>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Integration> Integrations => Set<Integration>();

    public DbSet<Alert> Alerts => Set<Alert>();

    public DbSet<AlertGroup> AlertGroups => Set<AlertGroup>();

    public DbSet<Schedule> Schedules => Set<Schedule>();

    public DbSet<EscalationPolicy> EscalationPolicies => Set<EscalationPolicy>();

    public DbSet<ContactMethod> ContactMethods => Set<ContactMethod>();

    public DbSet<NotificationRule> NotificationRules => Set<NotificationRule>();

    public DbSet<EscalationRun> EscalationRuns => Set<EscalationRun>();

    public DbSet<EscalationStep> EscalationSteps => Set<EscalationStep>();

    public DbSet<Page> Pages => Set<Page>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<Features.Chat.ChatIdentity> ChatIdentities => Set<Features.Chat.ChatIdentity>();

    public DbSet<Features.Chat.ChatLinkCode> ChatLinkCodes => Set<Features.Chat.ChatLinkCode>();

    public DbSet<Features.Chat.ChatConversation> ChatConversations => Set<Features.Chat.ChatConversation>();

    public DbSet<Features.Chat.ChatInbound> ChatInbound => Set<Features.Chat.ChatInbound>();

    public DbSet<Features.Chat.ChatMessageRef> ChatMessages => Set<Features.Chat.ChatMessageRef>();

    public DbSet<Features.Chat.Teams.TeamsConversation> TeamsConversations => Set<Features.Chat.Teams.TeamsConversation>();

    public DbSet<Problem> Problems => Set<Problem>();

    public DbSet<Features.Problems.ProblemIncident> ProblemIncidents => Set<Features.Problems.ProblemIncident>();

    public DbSet<Features.Problems.ProblemEvent> ProblemHistory => Set<Features.Problems.ProblemEvent>();

    public DbSet<Countermeasure> Countermeasures => Set<Countermeasure>();

    public DbSet<Features.Problems.Backlog.BacklogConnection> BacklogConnections => Set<Features.Problems.Backlog.BacklogConnection>();

    public DbSet<Domain.Postmortems.Postmortem> Postmortems => Set<Domain.Postmortems.Postmortem>();

    public DbSet<Domain.Postmortems.ReviewMeeting> ReviewMeetings => Set<Domain.Postmortems.ReviewMeeting>();

    public DbSet<Features.Postmortems.ReviewComment> ReviewComments => Set<Features.Postmortems.ReviewComment>();

    public DbSet<Features.Postmortems.InvitationDelivery> InvitationDeliveries => Set<Features.Postmortems.InvitationDelivery>();

    public DbSet<Features.Notices.Notice> Notices => Set<Features.Notices.Notice>();

    public DbSet<Infrastructure.Jobs.JobCursor> JobCursors => Set<Infrastructure.Jobs.JobCursor>();

    public DbSet<Features.Account.Sessions.UserSession> UserSessions => Set<Features.Account.Sessions.UserSession>();

    public DbSet<Features.Inbox.InboxItem> Inbox => Set<Features.Inbox.InboxItem>();

    public DbSet<Domain.Changes.Change> Changes => Set<Domain.Changes.Change>();

    public DbSet<Domain.Changes.ChangeApproval> ChangeApprovals => Set<Domain.Changes.ChangeApproval>();

    public DbSet<Features.Changes.ChangeEvent> ChangeEvents => Set<Features.Changes.ChangeEvent>();

    public DbSet<Features.Changes.IncidentChange> IncidentChanges => Set<Features.Changes.IncidentChange>();

    public DbSet<Domain.Changes.ChangeProcedure> ChangeProcedures => Set<Domain.Changes.ChangeProcedure>();

    public DbSet<Domain.Changes.ProductionFingerprint> ProductionFingerprints => Set<Domain.Changes.ProductionFingerprint>();

    public DbSet<Domain.Changes.DeploymentWindow> DeploymentWindows => Set<Domain.Changes.DeploymentWindow>();

    public DbSet<Domain.Changes.ChangeFreeze> ChangeFreezes => Set<Domain.Changes.ChangeFreeze>();

    public DbSet<Features.Changes.Compliance.ComplianceSnapshot> ComplianceSnapshots => Set<Features.Changes.Compliance.ComplianceSnapshot>();

    public DbSet<Domain.Changes.FingerprintDrift> FingerprintDrifts => Set<Domain.Changes.FingerprintDrift>();

    public DbSet<Features.Changes.Windows.ReadinessPost> ReadinessPosts => Set<Features.Changes.Windows.ReadinessPost>();

    public DbSet<Features.Reports.IncidentDay> IncidentDays => Set<Features.Reports.IncidentDay>();

    public DbSet<Features.Reports.ServiceImpactDay> ServiceImpactDays => Set<Features.Reports.ServiceImpactDay>();

    public DbSet<Features.Reports.WeeklyReviewDelivery> WeeklyReviewDeliveries => Set<Features.Reports.WeeklyReviewDelivery>();

    public DbSet<Features.Reports.AlertDay> AlertDays => Set<Features.Reports.AlertDay>();

    public DbSet<Features.Reports.FingerprintDay> FingerprintDays => Set<Features.Reports.FingerprintDay>();

    public DbSet<Features.Reports.PageDay> PageDays => Set<Features.Reports.PageDay>();

    public DbSet<Features.Reports.Wallboard.WallboardLink> WallboardLinks => Set<Features.Reports.Wallboard.WallboardLink>();

    /// <summary>Who the changes saved through this context are made by; recorded on the audit trail.</summary>
    public Actor Actor { get; private set; } = Actor.System;

    public IncidentsDbContext ActingAs(Actor actor)
    {
        Actor = actor;
        return this;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(IncidentsDbContext).Assembly);
    }
}

internal sealed class SqliteIncidentsDbContext(DbContextOptions<SqliteIncidentsDbContext> options)
    : IncidentsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type: store UTC ticks as INTEGER so ORDER BY and range filters run in the database.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}

internal sealed class SqlServerIncidentsDbContext(DbContextOptions<SqlServerIncidentsDbContext> options)
    : IncidentsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // datetimeoffset sorts by instant; the converter makes every stored offset +00:00.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcNormalizingConverter>();
    }
}
