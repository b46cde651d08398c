using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Images.Tiling;
using VisionPS.Imaging;

namespace VisionPS.Core.Tests.EndToEnd;

/// <summary>
/// Issue 18 point 2 on the wire: a 1,000 x 8,000 receipt reaches the strict test server as labelled tiles in one
/// request, label before each tile, and the pre-send estimate covers every tile (it equals the server's usage).
/// </summary>
public sealed class TiledDocumentTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    private static byte[] Receipt(int width = 1000, int height = 8000)
    {
        // Dark text-like bars on white, different on every row band, so each tile's pixels differ.
        var pixels = new PixelBuffer(width, height, PixelLayout.Rgb24, new byte[width * height * 3]);
        for (int y = 0; y < height; y++)
        {
            Span<byte> row = pixels.GetRow(y);
            for (int x = 0; x < width; x++)
            {
                bool ink = (y % 30) < 14 && ((x + (y / 30 * 37)) % 90) < 60;
                row[(x * 3)..((x * 3) + 3)].Fill(ink ? (byte)20 : (byte)250);
            }
        }

        return DefaultImageEngine.Instance.EncodePng(pixels);
    }

    [Theory]
    [InlineData("gpt-4o", 3)]
    [InlineData("Qwen/Qwen2.5-VL-72B-Instruct", 5)]
    public async Task A_receipt_goes_as_labelled_tiles_in_one_request_and_the_estimate_covers_them(string model, int tiles)
    {
        var preparation = new ImagePreparationOptions { Model = model, Tile = TileSetting.Auto };
        IReadOnlyList<ImagePart> parts = ImagePartFactory.ReadBytes(Receipt(), "receipt.png", "high", preparation);
        Assert.Equal(tiles, parts.Count);

        ChatCall call = ChatCallBuilder.Build(f.Settings(model), "What is the total?", parts, history: null, labels: null);
        int before = f.Server.Requests.Count;
        ChatResult result = await f.RunAsync(call);

        JsonElement content = Content(f.Server.Requests[before].Body);
        Assert.Equal((2 * tiles) + 1, content.GetArrayLength());
        for (int i = 0; i < tiles; i++)
        {
            JsonElement label = content[2 * i];
            Assert.Equal("text", label.GetProperty("type").GetString());
            Assert.StartsWith($"receipt.png, part {i + 1} of {tiles} (overlapping), rows ", label.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Equal("image_url", content[(2 * i) + 1].GetProperty("type").GetString());
        }

        Assert.Equal("What is the total?", content[2 * tiles].GetProperty("text").GetString());
        Assert.Equal(tiles, result.Estimate!.Images.Count);
        Assert.Equal(result.Usage!.PromptTokens, result.Estimate.PromptTokens);
    }

    [Fact]
    public async Task Off_sends_the_receipt_whole_as_before()
    {
        var preparation = new ImagePreparationOptions { Model = "gpt-4o", Tile = TileSetting.Off };
        ImagePart part = Assert.Single(ImagePartFactory.ReadBytes(Receipt(), "receipt.png", "high", preparation));

        Assert.Null(part.Label);
        Assert.Equal((256, 2048), (part.Width, part.Height));

        ChatCall call = ChatCallBuilder.Build(f.Settings("gpt-4o"), "What is the total?", [part]);
        int before = f.Server.Requests.Count;
        ChatResult result = await f.RunAsync(call);

        JsonElement content = Content(f.Server.Requests[before].Body);
        Assert.Equal(["image_url", "text"], content.EnumerateArray().Select(p => p.GetProperty("type").GetString()));
        Assert.Equal(result.Usage!.PromptTokens, result.Estimate!.PromptTokens);
    }

    [Fact]
    public void The_single_part_entry_points_never_split()
    {
        var preparation = new ImagePreparationOptions { Model = "gpt-4o", Tile = TileSetting.Auto };

        ImagePart part = ImagePartFactory.FromBytes(Receipt(), "receipt.png", "high", preparation);

        Assert.Null(part.Label);
        Assert.Equal((256, 2048), (part.Width, part.Height));
    }

    private static JsonElement Content(string body)
    {
        using JsonDocument document = JsonDocument.Parse(body);
        JsonElement messages = document.RootElement.GetProperty("messages");
        return messages[messages.GetArrayLength() - 1].GetProperty("content").Clone();
    }
}
