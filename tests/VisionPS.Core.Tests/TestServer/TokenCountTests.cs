using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.TestServer;

/// <summary>
/// Token arithmetic of the server (README "Token counting"):
/// prompt = 3 + Σ messages (3 + ceil(text UTF-8 bytes / 4) + image tokens); completion = ceil(answer bytes / 4).
/// </summary>
public sealed class TokenCountTests : ServerTestBase
{
    /// <summary>Prompt tokens of a request with one user message: text "x" (1 byte → 1 token) plus one image.</summary>
    private static int PromptWithOneImage(int imageTokens) => 3 + (3 + 1 + imageTokens);

    // Worked examples from vision-api-facts §2.1 (OpenAI docs, and the [local] checks listed there).
    [Theory]
    [InlineData(85, 170, 1024, 1024, "high", 765)]   // → 768x768, 4 tiles
    [InlineData(85, 170, 2048, 4096, "high", 1105)]  // → 1024x2048 → 768x1536, 6 tiles
    [InlineData(85, 170, 4096, 8192, "low", 85)]     // low = base, any size
    [InlineData(85, 170, 1920, 1080, "auto", 1105)]  // → 1365x768, 3x2 tiles
    [InlineData(85, 170, 1920, 1080, null, 1105)]    // omitted behaves as auto
    [InlineData(85, 170, 1920, 1080, "original", 1105)]
    [InlineData(85, 170, 512, 512, "high", 255)]     // never enlarged, 1 tile
    [InlineData(85, 170, 300, 200, "high", 255)]
    [InlineData(2833, 5667, 1024, 1024, "high", 25501)] // gpt-4o-mini: 2833 + 4·5667
    public void TileRule_WorkedExamples(int baseTokens, int tileTokens, int width, int height, string? detail, int expected)
        => Assert.Equal(expected, ImageTokenRule.Tile(baseTokens, tileTokens).CountTokens(width, height, detail));

    // Worked examples from vision-api-facts §2.3 (Qwen smart_resize) plus the 2 wrapper tokens.
    [Theory]
    [InlineData(1024, 1024, 1369 + 2)]  // → 1036x1036
    [InlineData(1920, 1080, 2691 + 2)]  // → 1932x1092
    [InlineData(448, 224, 128 + 2)]
    [InlineData(448, 448, 256 + 2)]
    [InlineData(3172, 4096, 16240 + 2)] // over max_pixels → 3136x4060
    [InlineData(10, 10, 4 + 2)]         // under min_pixels → 56x56
    public void QwenRule_WorkedExamples(int width, int height, int expected)
    {
        Assert.Equal(expected, ImageTokenRule.Qwen.CountTokens(width, height, null));
        Assert.Equal(expected, ImageTokenRule.Qwen.CountTokens(width, height, "low")); // detail ignored
    }

    [Fact]
    public void QwenRule_SmartResize_MatchesFactsExample()
        => Assert.Equal((3136, 4060), ((QwenRule)ImageTokenRule.Qwen).SmartResize(3172, 4096));

    [Fact]
    public void UrlImages_TileIsBase_QwenIs258()
    {
        Assert.Equal(85, ImageTokenRule.Tile(85, 170).CountUrlTokens(null));
        Assert.Equal(256 + 2, ImageTokenRule.Qwen.CountUrlTokens("high"));
    }

    [Theory]
    [InlineData("gpt-4o", 1024, 1024, "high", 765)]
    [InlineData("gpt-4o", 2048, 4096, null, 1105)]
    [InlineData("gpt-4o", 1920, 1080, "auto", 1105)]
    [InlineData("gpt-4o", 512, 512, "high", 255)]
    [InlineData("gpt-4o", 4096, 8192, "low", 85)]
    [InlineData("gpt-4.1", 1024, 1024, null, 765)]
    [InlineData("gpt-4o-mini", 1024, 1024, "high", 25501)]
    [InlineData("Qwen/Qwen2.5-VL-7B-Instruct", 1024, 1024, null, 1371)]
    [InlineData("Qwen/Qwen2.5-VL-72B-Instruct", 1920, 1080, "high", 2693)]
    public async Task Usage_PromptTokens_IncludeImageTokensOfHeaderOnlyPng(string model, int width, int height, string? detail, int imageTokens)
    {
        JsonObject body = Chat.Body(model, Chat.User(Chat.Text("x"), Chat.Image(Chat.DataUrl("image/png", TestPng.Header(width, height)), detail)));
        JsonElement usage = (await CompleteAsync(body)).GetProperty("usage");
        Assert.Equal(PromptWithOneImage(imageTokens), usage.GetProperty("prompt_tokens").GetInt32());
    }

    [Theory]
    [InlineData("gpt-4o", 85)]
    [InlineData("gpt-4o-mini", 2833)]
    [InlineData("Qwen/Qwen2.5-VL-7B-Instruct", 258)]
    public async Task Usage_UrlImage_UsesDocumentedFallback(string model, int imageTokens)
    {
        JsonObject body = Chat.Body(model, Chat.User(Chat.Text("x"), Chat.Image("https://example.com/a.png")));
        JsonElement usage = (await CompleteAsync(body)).GetProperty("usage");
        Assert.Equal(PromptWithOneImage(imageTokens), usage.GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Usage_TextMessages_AreCountedPerMessageOnUtf8Bytes()
    {
        // system "abcd" = 4 bytes → 1; user parts "ab" + "cdé" = 2 + 4 bytes → 2; assistant "Ответ" = 10 bytes → 3.
        JsonObject body = Chat.Body(
            "gpt-4o",
            Chat.Message("system", "abcd"),
            Chat.Message("assistant", "Ответ"),
            Chat.User(Chat.Text("ab"), Chat.Text("cdé")));
        JsonElement completion = await CompleteAsync(body);
        JsonElement usage = completion.GetProperty("usage");
        Assert.Equal(3 + (3 + 1) + (3 + 3) + (3 + 2), usage.GetProperty("prompt_tokens").GetInt32());

        int completionTokens = (Encoding.UTF8.GetByteCount(ContentOf(completion)) + 3) / 4;
        Assert.Equal(completionTokens, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + completionTokens, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }

    [Theory]
    [InlineData("max_tokens", 5)]
    [InlineData("max_completion_tokens", 9)]
    [InlineData("max_tokens", 10)] // 40 bytes would end inside "т" (2 bytes): cut to 39
    [InlineData("max_tokens", 18)] // 72 bytes would end inside the 4-byte emoji: cut to 70
    [InlineData("max_completion_tokens", 1)]
    public async Task MaxTokens_CutsAnswerAtCharacterBoundary_FinishLength(string parameter, int limit)
    {
        JsonObject body = Chat.Body("gpt-4o", Chat.Message("user", "hi"));
        body[parameter] = limit;
        JsonElement completion = await CompleteAsync(body);

        string full = VisionTestServer.ExpectedText("gpt-4o", 1, "hi");
        string expected = CutToBytes(full, 4 * limit);
        Assert.Equal(expected, ContentOf(completion));
        Assert.Equal("length", completion.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        int completionTokens = completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
        Assert.True(completionTokens <= limit, $"{completionTokens} > {limit}");
        Assert.Equal((Encoding.UTF8.GetByteCount(expected) + 3) / 4, completionTokens);
    }

    [Fact]
    public async Task MaxTokens_LargeEnough_FinishStop()
    {
        JsonObject body = Chat.Body("gpt-4o", Chat.Message("user", "hi"));
        body["max_tokens"] = 1000;
        JsonElement completion = await CompleteAsync(body);
        Assert.Equal(VisionTestServer.ExpectedText("gpt-4o", 1, "hi"), ContentOf(completion));
        Assert.Equal("stop", completion.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    /// <summary>Longest prefix of whole Unicode scalars whose UTF-8 form fits in <paramref name="maxBytes"/>.</summary>
    private static string CutToBytes(string text, int maxBytes)
    {
        var sb = new StringBuilder();
        int used = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            used += rune.Utf8SequenceLength;
            sb.Append(rune.ToString());
        }

        return sb.ToString();
    }
}
