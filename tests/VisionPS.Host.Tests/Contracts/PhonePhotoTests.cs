using System.Text.Json;
using VisionPS.Host.Tests.Hosting;

namespace VisionPS.Host.Tests.Contracts;

/// <summary>
/// A HEIC made by Debian's heif-enc through Invoke-VisionChat to the test server. (A machine without a decoder is
/// tested in Core and Imaging, where the decoder search is injected: emptying PATH here would touch every test running.)
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class PhonePhotoTests(ModuleFixture fixture) : IDisposable
{
    private readonly ModuleShell _shell = fixture.Shell();

    private HostedRun Run(string script) => _shell.Run(script, fixture.Variables);

    private void Heic()
    {
        string jpeg = Path.Combine(fixture.Work, "phone.jpg");
        ExternalTool.Run("convert", "-size", "1600x1200", "plasma:fractal", "-seed", "7", "-depth", "8", jpeg);
        ExternalTool.Run("heif-enc", jpeg, "-o", Path.Combine(fixture.Work, "IMG_0001.heic"));
    }

    [Fact]
    public void A_heic_photo_reaches_the_server_as_a_jpeg_or_png()
    {
        Heic();
        int before = fixture.Server.Requests.Count;

        HostedRun run = Run("Invoke-VisionChat 'Where is this?' -Image IMG_0001.heic @Chat");

        ContractAssert.Clean(run);
        Assert.Single(run.Output);
        using JsonDocument body = JsonDocument.Parse(fixture.Server.Requests[before].Body);
        string url = body.RootElement.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("image_url").GetProperty("url").GetString()!;
        Assert.Matches("^data:image/(jpeg|png);base64,", url);
    }

    public void Dispose() => _shell.Dispose();
}
