using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Models;
using VisionPS.Core.Tests.EndToEnd;
using VisionPS.Core.Tests.TestSupport;

namespace VisionPS.Core.Tests.Chat;

/// <summary>Conversations that last (issue 10 point 5), against the test server.</summary>
public sealed class ConversationTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;

    public ConversationTests(ServerFixture fixture) => _f = fixture;

    private static ImagePart Photo() => ImagePartFactory.FromFile(Path.Combine(SharedPaths.TestImages, "jpeg/baseline_420_227x149.jpg"));

    private ChatSettings Settings(string? system = null, ModelCatalog? catalog = null) =>
        new() { BaseUrl = _f.Server.BaseUrl, Model = "gpt-4o", SystemPrompt = system, Catalog = catalog };

    [Fact]
    public async Task Continue_ImagesStayAsSent_SystemPromptPersists_TotalsAddUp()
    {
        ImagePart photo = Photo();
        ChatResult first = await _f.RunAsync(ChatCallBuilder.Build(Settings(system: "Be brief."), "Describe", [photo], history: null, labels: null));
        ChatResult second = await _f.RunAsync(ChatCallBuilder.Build(Settings(), "And the colours?", [], first.Conversation, labels: null));

        JsonElement sent = JsonDocument.Parse(_f.Server.Requests[^1].Body).RootElement.GetProperty("messages");
        Assert.Equal(["system", "user", "assistant", "user"], sent.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(photo.ToUrl(), sent[1].GetProperty("content")[0].GetProperty("image_url").GetProperty("url").GetString());
        Conversation c = second.Conversation!;
        Assert.Equal(2, c.Turns);
        Assert.Equal(first.Usage!.PromptTokens + second.Usage!.PromptTokens, c.PromptTokens);
        Assert.Equal(first.Usage.CompletionTokens + second.Usage.CompletionTokens, c.CompletionTokens);
        SentImage image = Assert.Single(c.GetImages());
        Assert.Equal((photo.Source, 227, 149), (image.Source, image.Width!.Value, image.Height!.Value));
        // The estimate of the earlier image equals the provider's count: the server's usage minus the text is the truth.
        Assert.Equal(second.Usage.PromptTokens, second.Estimate!.PromptTokens);
    }

    [Fact]
    public void Estimate_EarlierImages_SizedFromTheRecordNotByDecoding()
    {
        // Bytes that are not an image: decoding them could not give a size, so 765 (gpt-4o, 1024x1024) must come from the record.
        var history = new Conversation
        {
            Model = "gpt-4o",
            Messages =
            [
                new ConversationMessage { Role = "user", Parts = [new ConversationPart { Type = "image", Image = new SentImage { Url = "data:image/png;base64,AAAA", Source = "scan.png", Width = 1024, Height = 1024 } }] },
                new ConversationMessage { Role = "assistant", Parts = [new ConversationPart { Type = "text", Text = "ok" }] },
            ],
        };

        ChatCall call = ChatCallBuilder.Build(Settings(), "more", [], history, labels: null);

        ImageEstimate earlier = Assert.Single(call.Estimate.Images);
        Assert.Equal(("scan.png", 765), (earlier.Source, earlier.Tokens!.Value));
    }

    [Fact]
    public async Task Json_RoundTrip_KeepsImagesAndTotals()
    {
        ChatResult first = await _f.RunAsync(ChatCallBuilder.Build(Settings(), "Describe", [Photo()], history: null, labels: null));

        Conversation restored = Conversation.FromJson(first.Conversation!.ToJson());

        Assert.Equal(first.Conversation.ToJson(), restored.ToJson());
        Assert.Equal(JsonSerializer.Serialize(first.Messages.Select(m => m.Role)), JsonSerializer.Serialize(restored.ToWire().Select(m => m.Role)));
        Assert.Equal(first.Messages[0].Content.Parts![0].ImageUrl!.Url, restored.ToWire()[0].Content.Parts![0].ImageUrl!.Url);
        Assert.Equal((1, first.Usage!.PromptTokens, first.Usage.CompletionTokens), (restored.Turns, (int)restored.PromptTokens, (int)restored.CompletionTokens));
        ChatResult next = await _f.RunAsync(ChatCallBuilder.Build(Settings(), "Again", [], restored, labels: null));
        Assert.Equal(2, next.Conversation!.Turns);
    }

    [Fact]
    public async Task Overflow_DropsOldestImagesFirst_AndSaysSo()
    {
        string file = Path.Combine(Path.GetTempPath(), $"visionps-ctx-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "version": 1, "models": [ { "id": "gpt-4o", "provider": "openai", "vision": true, "contextLength": 700, "imageTokens": { "rule": "openai-tiles", "base": 85, "tile": 170 } } ] }""");
        ModelCatalog catalog;
        try
        {
            catalog = ModelCatalog.Load(file);
        }
        finally
        {
            File.Delete(file);
        }

        using VisionChatClient client = _f.Client();
        var pipeline = new ChatPipeline(Connection.Resolve(_f.Server.BaseUrl.ToString(), new ApiCredential(ServerFixture.Key), _ => null), client, new ChatSettings { BaseUrl = _f.Server.BaseUrl, Model = "gpt-4o" }, catalog);
        // 227x149 under gpt-4o tiles: 255 tokens each. Three earlier images and one new one cannot fit in 700.
        Conversation history = Conversation.FromWire([]);
        foreach (int turn in new[] { 1, 2, 3 })
        {
            ChatResult r = await _f.RunAsync(ChatCallBuilder.Build(Settings(), $"turn {turn}", [Photo()], turn == 1 ? null : history, labels: null));
            history = r.Conversation!;
        }

        ChatCall call = pipeline.Build(pipeline.SettingsFor(null, null), "last", [Photo()], history);

        string note = Assert.Single(call.Notes);
        int dropped = int.Parse(System.Text.RegularExpressions.Regex.Match(note, @"left out its (\d+) oldest image").Groups[1].Value);
        Assert.InRange(dropped, 1, 3);
        Assert.Contains(note, pipeline.Warnings(call));
        Assert.True(call.Estimate.PromptTokens <= 700, note);
        // Oldest first: the first `dropped` images became notes, the later ones are still there.
        string?[] imageSlots = call.ConversationMessages.SelectMany(m => m.Parts)
            .Where(p => p.Image is not null || p.Text!.StartsWith("[image left out", StringComparison.Ordinal))
            .Select(p => p.Image is null ? null : p.Image.Source).ToArray();
        Assert.Equal(4, imageSlots.Length);
        Assert.All(imageSlots.Take(dropped), s => Assert.Null(s));
        Assert.All(imageSlots.Skip(dropped), s => Assert.NotNull(s));
        Assert.Equal(4 - dropped, call.Estimate.Images.Count);
        // One image fewer left out would not fit.
        ChatCall tighter = ChatCallBuilder.Build(pipeline.SettingsFor(null, null), "last", [Photo()], history.WithoutOldestImages(dropped - 1), null);
        Assert.True(tighter.Estimate.PromptTokens > 700);
        ChatResult answered = await _f.RunAsync(call);
        Assert.Equal(call.Estimate.PromptTokens, answered.Usage!.PromptTokens);
    }
}
