namespace Incidents.Domain.OnCall;

/// <summary>How a person can be reached. Webhook covers SMS and voice providers (and anything else with an HTTP hook).</summary>
public enum ContactKind
{
    Email,
    Slack,
    Teams,
    Webhook,
    /// <summary>The portal's notification bell (a toast, a browser notification): needs nothing set up.</summary>
    Portal,
}

/// <summary>One way to reach a person: an email address, a Slack or Teams user, or a webhook URL.</summary>
public sealed class ContactMethod
{
    private ContactMethod()
    {
    }

    public ContactMethod(string userId, ContactKind kind, string address, string? label)
    {
        UserId = userId;
        Kind = kind;
        Address = kind == ContactKind.Portal ? PortalAddress : address.Trim();
        Label = string.IsNullOrWhiteSpace(label) ? null : label.Trim();
    }

    public long Id { get; private set; }

    public string UserId { get; private set; } = "";

    public ContactKind Kind { get; private set; }

    public string Address { get; private set; } = "";

    public string? Label { get; private set; }

    public string Describe() => Kind == ContactKind.Portal
        ? "Portal: the notification bell" + (Label is null ? "" : $" ({Label})")
        : Label is null ? $"{Kind} {Address}" : $"{Kind} {Address} ({Label})";

    /// <summary>The Portal method's address: there is only one portal, the person's own bell.</summary>
    public const string PortalAddress = "portal";

    public static string? Validate(ContactKind kind, string? address)
    {
        if (kind == ContactKind.Portal)
        {
            return address is null or "" || string.Equals(address.Trim(), PortalAddress, StringComparison.OrdinalIgnoreCase) ? null : "The portal needs no address.";
        }

        if (string.IsNullOrWhiteSpace(address))
        {
            return "Enter the address.";
        }

        address = address.Trim();
        return kind switch
        {
            ContactKind.Email => System.Net.Mail.MailAddress.TryCreate(address, out var mail) && mail.Address == address ? null : "Enter a valid email address.",
            ContactKind.Webhook => Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                ? null
                : "Enter an http(s) URL.",
            ContactKind.Slack => address.Length is > 0 and <= 254 && !address.Contains(' ') ? null : "Enter the Slack member id (e.g. U024BE7LH) or the email Slack knows you by.",
            ContactKind.Teams => address.Length is > 0 and <= 200 && !address.Contains(' ') ? null : "Enter the Teams user id.",
            ContactKind.Portal => null,
        };
    }
}

/// <summary>"Notify me by this contact method this many minutes after I am paged."</summary>
public sealed class NotificationRule
{
    private NotificationRule()
    {
    }

    public NotificationRule(string userId, long contactMethodId, int delayMinutes)
    {
        UserId = userId;
        ContactMethodId = contactMethodId;
        DelayMinutes = delayMinutes;
    }

    public long Id { get; private set; }

    public string UserId { get; private set; } = "";

    public long ContactMethodId { get; private set; }

    public int DelayMinutes { get; private set; }

    public static string? Validate(int delayMinutes) =>
        delayMinutes is < 0 or > 24 * 60 ? "The delay is between 0 minutes and a day." : null;
}

/// <summary>One notification of a page: over this contact method, this long after the page.</summary>
public sealed record PlannedNotification(ContactKind Kind, string Address, long? ContactMethodId, TimeSpan Delay);

public static class NotificationPlan
{
    /// <summary>The portal's bell, at once: reaches anyone signed in, with nothing set up.</summary>
    public static PlannedNotification Portal { get; } = new(ContactKind.Portal, ContactMethod.PortalAddress, null, TimeSpan.Zero);

    /// <summary>
    /// A person's notifications for one page, in order: their rules (earliest first), or, when they have none,
    /// the portal and an email to their account address at once, so nobody is unreachable for lack of setup.
    /// </summary>
    public static IReadOnlyList<PlannedNotification> For(IReadOnlyList<NotificationRule> rules, IReadOnlyList<ContactMethod> methods, string? accountEmail)
    {
        var planned = rules
            .Join(methods, r => r.ContactMethodId, m => m.Id, (r, m) => new PlannedNotification(m.Kind, m.Address, m.Id, TimeSpan.FromMinutes(r.DelayMinutes)))
            .OrderBy(p => p.Delay)
            .ToList();
        if (planned.Count == 0)
        {
            planned.Add(Portal);
            if (!string.IsNullOrWhiteSpace(accountEmail))
            {
                planned.Add(new PlannedNotification(ContactKind.Email, accountEmail, null, TimeSpan.Zero));
            }
        }

        return planned;
    }

    /// <summary>
    /// Where to turn when a notification fails for good: the person's next contact method not tried for this page
    /// (rules' methods first, then their other methods, then their account email, then the portal).
    /// </summary>
    public static PlannedNotification? Fallback(
        IReadOnlyList<NotificationRule> rules, IReadOnlyList<ContactMethod> methods, string? accountEmail, IReadOnlyCollection<(ContactKind Kind, string Address)> tried)
    {
        var ordered = rules.OrderBy(r => r.DelayMinutes)
            .Select(r => methods.FirstOrDefault(m => m.Id == r.ContactMethodId))
            .OfType<ContactMethod>()
            .Concat(methods.OrderBy(m => m.Id))
            .Select(m => new PlannedNotification(m.Kind, m.Address, m.Id, TimeSpan.Zero));
        if (!string.IsNullOrWhiteSpace(accountEmail))
        {
            ordered = ordered.Append(new PlannedNotification(ContactKind.Email, accountEmail, null, TimeSpan.Zero));
        }

        ordered = ordered.Append(Portal);

        return ordered.FirstOrDefault(p => !tried.Any(t => t.Kind == p.Kind && string.Equals(t.Address, p.Address, StringComparison.OrdinalIgnoreCase)));
    }
}
