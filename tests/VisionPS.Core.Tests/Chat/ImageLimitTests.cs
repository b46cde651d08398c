using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Models;
using VisionPS.Core.Tokens;

namespace VisionPS.Core.Tests.Chat;

/// <summary>Point 6 of issue 10: more than two images warn; the catalog's per-request limit refuses before sending.</summary>
public sealed class ImageLimitTests
{
    private const string Catalog = """
        { "version": 1, "models": [
          { "id": "two-max", "provider": "test", "vision": true, "maxImagesPerRequest": 2 },
          { "id": "no-limit", "provider": "test", "vision": true } ] }
        """;

    private static ModelCatalog Load(string json)
    {
        string path = Path.Combine(Path.GetTempPath(), $"visionps-catalog-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            return ModelCatalog.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CatalogReader_ReadsMaxImagesPerRequest_NullWhenMissing()
    {
        ModelCatalog catalog = Load(Catalog);

        Assert.Equal(2, catalog.Find("two-max")!.MaxImagesPerRequest);
        Assert.Null(catalog.Find("no-limit")!.MaxImagesPerRequest);
    }

    [Fact]
    public void CatalogReader_ZeroImages_RejectedWithThePath()
    {
        var e = Assert.Throws<VisionArgumentException>(() => Load(Catalog.Replace("\"maxImagesPerRequest\": 2", "\"maxImagesPerRequest\": 0")));
        Assert.Contains("maxImagesPerRequest", e.Message);
    }

    [Theory]
    [InlineData("two-max", 2, false, false)]
    [InlineData("two-max", 3, true, true)]
    [InlineData("no-limit", 3, false, true)]
    [InlineData("no-limit", 1, false, false)]
    public void CheckImageLimit_And_Warnings(string model, int images, bool refused, bool warned)
    {
        ModelCatalog catalog = Load(Catalog);
        var settings = new ChatSettings { BaseUrl = new Uri("http://127.0.0.1:1/v1"), Model = model, Catalog = catalog };
        ImagePart[] parts = Enumerable.Range(0, images).Select(_ => VisionPS.Core.Images.ImagePartFactory.FromReference("https://example.com/cat.jpg", null, null)).ToArray();
        ChatCall call = ChatCallBuilder.Build(settings, "compare", parts);

        Exception? error = Record.Exception(() => CallPreview.CheckImageLimit(call));
        bool warning = CallPreview.Warnings(call).Any(w => w.Contains("at most 2 per request", StringComparison.Ordinal));

        Assert.Equal(refused, error is VisionArgumentException { ErrorId: ErrorIds.TooManyImages });
        Assert.Equal(warned, warning);
    }

    [Fact]
    public void Warnings_TheFramesOfOneAnimation_AreOneImageToTheReader_TwoPlusAPhotoAreNot()
    {
        var settings = new ChatSettings { BaseUrl = new Uri("http://127.0.0.1:1/v1"), Model = "gpt-4o" };
        var frames = new VisionPS.Core.Images.Preparation.ImagePreparationOptions { Sources = VisionPS.Imaging.Sources.SourceOptions.Default with { AnimationFrames = true, MaxFrames = 5 } };
        IReadOnlyList<ImagePart> animation = VisionPS.Core.Images.ImagePartFactory.ReadFile(VisionPS.Imaging.Tests.TestSupport.SharedPaths.Image("gif/animated_5frames_mixed_disposal_32x32.gif"), preparation: frames);
        IReadOnlyList<ImagePart> other = VisionPS.Core.Images.ImagePartFactory.ReadFile(VisionPS.Imaging.Tests.TestSupport.SharedPaths.Image("gif/animated_30frames_80x80.gif"), preparation: frames);
        ImagePart photo = VisionPS.Core.Images.ImagePartFactory.FromReference("https://example.com/cat.jpg", null, null);
        Assert.Equal(5, animation.Count);

        bool Warned(IReadOnlyList<ImagePart> parts) =>
            CallPreview.Warnings(ChatCallBuilder.Build(settings, "what happens?", parts)).Any(w => w.Contains("at most 2 per request", StringComparison.Ordinal));

        Assert.False(Warned(animation));
        Assert.False(Warned([.. animation, photo]));
        Assert.True(Warned([.. animation, .. other, photo]));
    }
}
