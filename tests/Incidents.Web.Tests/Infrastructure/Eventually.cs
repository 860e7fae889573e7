namespace Incidents.Web.Tests.Infrastructure;

/// <summary>Waits for something a background worker does (a chat reply, a card update), with a deadline.</summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(25);
        }
    }
}
