using System.Collections.Concurrent;

namespace Incidents.Web.Features.Account.SignIn;

/// <summary>
/// Growing delays after failed sign-ins, so guessing is slow and nobody can lock the owner out: per client address and
/// account (three free tries, then 1 s, 2 s, 4 s … up to 15 minutes), and per client address over all accounts (ten
/// free tries, to slow password spraying). An address that stays quiet for an hour starts again. Accounts that do not
/// exist are throttled exactly like those that do. In memory, per instance (a shared store comes with Redis, #22).
/// </summary>
internal sealed class SignInThrottle(TimeProvider clock)
{
    public const int FreeTriesPerAccount = 3;
    public const int FreeTriesPerAddress = 10;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);
    private const int PruneAbove = 50_000;

    private readonly ConcurrentDictionary<string, Failures> failures = new(StringComparer.Ordinal);

    private sealed record Failures(int Count, DateTimeOffset Last);

    /// <summary>How long this address must wait before it may try this account again; null when it may now.</summary>
    public TimeSpan? RetryAfter(string address, string account)
    {
        var now = clock.GetUtcNow();
        var wait = Max(Wait(AddressKey(address), FreeTriesPerAddress, now), Wait(PairKey(address, account), FreeTriesPerAccount, now));
        return wait > TimeSpan.Zero ? wait : null;
    }

    public void Failed(string address, string account)
    {
        var now = clock.GetUtcNow();
        foreach (var key in new[] { AddressKey(address), PairKey(address, account) })
        {
            failures.AddOrUpdate(key, _ => new Failures(1, now), (_, f) => now - f.Last > ForgetAfter ? new Failures(1, now) : new Failures(f.Count + 1, now));
        }

        if (failures.Count > PruneAbove)
        {
            foreach (var (key, f) in failures)
            {
                if (now - f.Last > ForgetAfter)
                {
                    failures.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>The right password from this address: its tries on this account start again.</summary>
    public void Succeeded(string address, string account) => failures.TryRemove(PairKey(address, account), out _);

    /// <summary>The wait after the <paramref name="over"/>th failure beyond the free ones: 1 s, doubling, at most <see cref="MaxDelay"/>.</summary>
    public static TimeSpan Delay(int over) =>
        over <= 0 ? TimeSpan.Zero : over > 11 ? MaxDelay : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, over - 1), MaxDelay.TotalSeconds));

    private TimeSpan Wait(string key, int free, DateTimeOffset now) =>
        failures.TryGetValue(key, out var f) && now - f.Last <= ForgetAfter && f.Count >= free
            ? f.Last + Delay(f.Count - free + 1) - now
            : TimeSpan.Zero;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string AddressKey(string address) => "a|" + address;

    private static string PairKey(string address, string account) => "p|" + address + "|" + account.Trim().ToUpperInvariant();
}
