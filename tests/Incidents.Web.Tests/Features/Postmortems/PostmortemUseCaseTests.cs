using Ical.Net;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Web.Features.Postmortems.Meeting;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Postmortems;

/// <summary>
/// Postmortems on SQLite with the fake clock and a loopback SMTP server: policy and due dates, the workflow with
/// autosave conflicts, review invitations as iCalendar email (parsed back with Ical.Net), reminders that fire once
/// (also after a restart) and overdue nudges outside quiet hours.
/// </summary>
public abstract class PostmortemUseCaseTests : IAsyncLifetime, IAsyncDisposable
{
    private protected readonly LoopbackSmtpServer smtp = new();
    private protected readonly string folder = Path.Combine(Path.GetTempPath(), "incidents-tests", Guid.NewGuid().ToString("N"));
    private protected PostmortemApp app = null!;
    private protected long serviceId;
    private protected Actor ana = null!;
    private protected Actor bob = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        app = new PostmortemApp(smtp.Port, folder, new DateTimeOffset(2026, 11, 20, 14, 0, 0, TimeSpan.Zero)); // a Friday
        serviceId = await app.CreateServiceAsync("payments");
        var anaUser = await app.CreateUserAsync("ana@example.test", Role.Responder);
        var bobUser = await app.CreateUserAsync("bob@example.test", Role.Developer);
        ana = new Actor(anaUser.Id, "ana");
        bob = new Actor(bobUser.Id, "bob");
        // Bob is on the owning team, so he is proposed as a reviewer.
        await using var db = await app.NewDbContextAsync();
        var team = await db.Teams.Include(t => t.Members).SingleAsync();
        team.SetMembers([bob.Id!]);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await smtp.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>The app on a fixed database file, so a second instance is "the same app after a restart".</summary>
    private protected sealed class PostmortemApp(int smtpPort, string folder, DateTimeOffset start) : TestApp(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(folder, "pm.db")}",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Smtp:From"] = "Incidents <incidents@example.test>",
        ["Postmortems:DueBusinessDays"] = "3",
        ["Postmortems:QuietHours"] = "20:00-08:00",
    })
    {
        public DateTimeOffset Start { get; } = start;

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            Clock.SetUtcNow(Start);
            base.ConfigureWebHost(builder);
        }
    }

    private protected T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    private protected async Task<(long PostmortemId, long MeetingId)> ScheduledAsync(TimeSpan inFuture)
    {
        var (_, id) = await PostmortemScenario.ResolvedAsync(app, serviceId, ana);
        var reviews = Get<ScheduleReview>();
        var proposed = await reviews.ProposeAsync(id!.Value);
        Assert.Equal([(ana.Id!, "postmortem owner"), (bob.Id!, "developer (Team payments)")], proposed.Select(p => (p.UserId, p.Why)));
        var (outcome, meetingId) = await reviews.ScheduleAsync(id.Value, new ReviewInput(app.Clock.GetUtcNow() + inFuture, 45, "Room 4", "https://meet.example/pm", proposed.Select(p => p.UserId).ToList()), ana);
        Assert.True(outcome.Succeeded, outcome.Error);
        return (id.Value, meetingId!.Value);
    }

    private protected static Calendar CalendarOf(LoopbackSmtpServer.ReceivedMail mail)
    {
        var message = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail.Data)));
        var part = message.BodyParts.OfType<MimeKit.TextPart>().Single(p => p.ContentType.MediaSubtype == "calendar");
        return Calendar.Load(part.Text)!;
    }
}
