using Incidents.Domain.OnCall;

namespace Incidents.Domain.Tests.OnCall;

public sealed class NotificationPlanTests
{
    private static ContactMethod Method(long id, ContactKind kind, string address)
    {
        var method = new ContactMethod("ana", kind, address, null);
        typeof(ContactMethod).GetProperty(nameof(ContactMethod.Id))!.SetValue(method, id);
        return method;
    }

    [Fact]
    public void For_Rules_InDelayOrder()
    {
        ContactMethod[] methods = [Method(1, ContactKind.Email, "ana@example.com"), Method(2, ContactKind.Webhook, "https://sms.example/hook")];

        var plan = NotificationPlan.For([new NotificationRule("ana", 1, 5), new NotificationRule("ana", 2, 0)], methods, "ana@example.com");

        Assert.Equal([new PlannedNotification(ContactKind.Webhook, "https://sms.example/hook", 2, TimeSpan.Zero),
            new PlannedNotification(ContactKind.Email, "ana@example.com", 1, TimeSpan.FromMinutes(5))], plan);
    }

    [Fact]
    public void For_NoRules_ThePortalAndTheAccountEmailAtOnce()
    {
        Assert.Equal([NotificationPlan.Portal, new PlannedNotification(ContactKind.Email, "ana@example.com", null, TimeSpan.Zero)], NotificationPlan.For([], [], "ana@example.com"));
        Assert.Equal([new PlannedNotification(ContactKind.Portal, ContactMethod.PortalAddress, null, TimeSpan.Zero)], NotificationPlan.For([], [], null));
    }

    [Fact]
    public void Fallback_SkipsWhatWasTried_EndsWithTheAccountEmailThenThePortal()
    {
        ContactMethod[] methods = [Method(1, ContactKind.Webhook, "https://sms.example/hook"), Method(2, ContactKind.Slack, "U1")];
        NotificationRule[] rules = [new("ana", 1, 0)];

        Assert.Equal(ContactKind.Slack, NotificationPlan.Fallback(rules, methods, "ana@example.com", [(ContactKind.Webhook, "https://sms.example/hook")])!.Kind);
        Assert.Equal("ana@example.com", NotificationPlan.Fallback(rules, methods, "ana@example.com", [(ContactKind.Webhook, "https://sms.example/hook"), (ContactKind.Slack, "U1")])!.Address);
        Assert.Equal(NotificationPlan.Portal, NotificationPlan.Fallback(rules, methods, "ana@example.com", [(ContactKind.Webhook, "https://sms.example/hook"), (ContactKind.Slack, "U1"), (ContactKind.Email, "ANA@example.com")]));
        Assert.Null(NotificationPlan.Fallback(rules, methods, "ana@example.com",
            [(ContactKind.Webhook, "https://sms.example/hook"), (ContactKind.Slack, "U1"), (ContactKind.Email, "ANA@example.com"), (ContactKind.Portal, "portal")]));
    }
}
