using System.Diagnostics;
using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Images;

namespace VisionPS.Core.Tests.EndToEnd;

/// <summary>
/// Issue 18 point 4 on the wire: a HEIC made by Debian's heif-enc goes through the default engine (the decoder on
/// PATH) and reaches the strict test server as a JPEG or PNG the model takes, its size upright and its tokens estimated.
/// </summary>
public sealed class PhonePhotoTests(ServerFixture f) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("visionps-heic-e2e-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Heic(int width, int height)
    {
        string jpeg = Path.Combine(_folder, "photo.jpg");
        string heic = Path.Combine(_folder, "IMG_0001.heic");
        Run("convert", "-size", $"{width}x{height}", "plasma:fractal", "-seed", "18", "-depth", "8", jpeg);
        Run("heif-enc", jpeg, "-o", heic);
        return heic;
    }

    private static void Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {errors} (Debian: apt-get install imagemagick libheif-examples)");
    }

    [Fact]
    public async Task A_heic_photo_is_decoded_prepared_and_sent_like_any_photo()
    {
        ImagePart part = ImagePartFactory.FromFile(Heic(3000, 2000), "high", new VisionPS.Core.Images.Preparation.ImagePreparationOptions { Model = "gpt-4o" });

        Assert.Equal("image/heic", part.OriginalMimeType);
        Assert.Contains(part.MimeType, new[] { "image/jpeg", "image/png" });
        Assert.Equal((3000, 2000), (part.OriginalWidth, part.OriginalHeight));
        Assert.Equal((1152, 768), (part.Width, part.Height)); // gpt-4o: 2048 box, shorter side 768
        Assert.True(part.Changes.HasFlag(ImageChanges.Reencoded | ImageChanges.FormatChanged | ImageChanges.Resized));

        ChatCall call = ChatCallBuilder.Build(f.Settings("gpt-4o"), "Where was this taken?", [part]);
        int before = f.Server.Requests.Count;
        ChatResult result = await f.RunAsync(call);

        using JsonDocument body = JsonDocument.Parse(f.Server.Requests[before].Body);
        string url = body.RootElement.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("image_url").GetProperty("url").GetString()!;
        Assert.StartsWith($"data:{part.MimeType};base64,", url, StringComparison.Ordinal);
        Assert.Equal(result.Usage!.PromptTokens, result.Estimate!.PromptTokens);
    }

    [Fact]
    public void NoResize_refuses_a_heic_with_a_message_that_says_why()
    {
        var e = Assert.Throws<ImageNotSendableException>(() => ImagePartFactory.FromFile(Heic(64, 48), preparation: new VisionPS.Core.Images.Preparation.ImagePreparationOptions { Resize = false }));

        Assert.Contains("-NoResize forbids converting it", e.Message);
    }
}
