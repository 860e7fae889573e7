using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Infrastructure;

/// <summary>Data Protection keys (cookies, antiforgery, sessions) encrypted at rest with a configured certificate.</summary>
public sealed class DataProtectionAtRestTests : IDisposable
{
    private static readonly string Pfx = CreatePfx();
    private readonly TestApp plain = new();
    private readonly CertificateApp protectedApp = new();

    public void Dispose()
    {
        plain.Dispose();
        protectedApp.Dispose();
    }

    private sealed class CertificateApp() : TestApp(new Dictionary<string, string?>
    {
        ["DataProtection:CertificatePath"] = Pfx,
        ["DataProtection:CertificatePassword"] = "pfx-password",
    });

    private static string CreatePfx()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Incidents Data Protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), $"incidents-dp-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        return path;
    }

    private static async Task<string> KeyXmlAsync(TestApp app)
    {
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("secret", protector.Unprotect(protector.Protect("secret")));
        await using var db = await app.NewDbContextAsync();
        return string.Join("\n", await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
    }

    [Fact]
    public async Task WithACertificate_KeysStoredEncrypted_AndStillUsable()
    {
        var xml = await KeyXmlAsync(protectedApp);

        Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml.Replace("encryptedSecret", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutOne_KeysInTheClear_AndTheLogNamesTheSetting()
    {
        var xml = await KeyXmlAsync(plain);

        Assert.Contains("<masterKey", xml, StringComparison.Ordinal);
        Assert.Contains(plain.Logs, l => l.Contains("DataProtection:CertificatePath", StringComparison.Ordinal) && l.Contains("DataProtection:CertificateThumbprint", StringComparison.Ordinal));
    }
}
