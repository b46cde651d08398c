using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Images;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.Tests.Chat;

public class ChatCallBuilderTests
{
    private static readonly Uri Local = new("http://localhost:11434/v1");

    private static ChatSettings Settings(Uri? baseUrl = null, int? maxTokens = null, bool stream = true, bool includeUsage = true, bool textFirst = false, TokenLimitField field = TokenLimitField.Auto, string? system = null) => new()
    {
        BaseUrl = baseUrl ?? Local, Model = "qwen2.5vl", MaxTokens = maxTokens, Stream = stream, IncludeUsage = includeUsage,
        TextFirst = textFirst, TokenLimitField = field, SystemPrompt = system,
    };

    private static JsonElement Json(ChatCall call) => JsonDocument.Parse(call.ToJson()).RootElement;

    private static ImagePart Url(string url, string? detail = null) => ImagePartFactory.FromUrl(url, detail);

    [Fact]
    public void Build_ImagesGoBeforeTextByDefault()
    {
        var call = ChatCallBuilder.Build(Settings(), "What is this?", [Url("https://x.test/a.jpg"), Url("https://x.test/b.jpg", "low")]);

        JsonElement content = Json(call).GetProperty("messages")[0].GetProperty("content");
        Assert.Equal(["image_url", "image_url", "text"], content.EnumerateArray().Select(p => p.GetProperty("type").GetString()));
        Assert.Equal("https://x.test/a.jpg", content[0].GetProperty("image_url").GetProperty("url").GetString());
        Assert.False(content[0].GetProperty("image_url").TryGetProperty("detail", out _));
        Assert.Equal("low", content[1].GetProperty("image_url").GetProperty("detail").GetString());
        Assert.Equal("What is this?", content[2].GetProperty("text").GetString());
    }

    [Fact]
    public void Build_TextFirst_PutsTextFirst()
    {
        var call = ChatCallBuilder.Build(Settings(textFirst: true), "Q", [Url("https://x.test/a.jpg")]);

        JsonElement content = Json(call).GetProperty("messages")[0].GetProperty("content");
        Assert.Equal("text", content[0].GetProperty("type").GetString());
    }

    [Fact]
    public void Build_NoImages_SendsPlainStringContent()
    {
        var call = ChatCallBuilder.Build(Settings(system: "Be brief."), "Hello", []);

        JsonElement messages = Json(call).GetProperty("messages");
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal("Be brief.", messages[0].GetProperty("content").GetString());
        Assert.Equal(JsonValueKind.String, messages[1].GetProperty("content").ValueKind);
    }

    [Theory]
    [InlineData("https://api.openai.com/v1", TokenLimitField.Auto, "max_completion_tokens")]
    [InlineData("https://myres.openai.azure.com/openai/v1", TokenLimitField.Auto, "max_completion_tokens")]
    [InlineData("https://api.siliconflow.cn/v1", TokenLimitField.Auto, "max_tokens")]
    [InlineData("http://localhost:8000/v1", TokenLimitField.Auto, "max_tokens")]
    [InlineData("https://api.openai.com/v1", TokenLimitField.MaxTokens, "max_tokens")]
    [InlineData("http://localhost:8000/v1", TokenLimitField.MaxCompletionTokens, "max_completion_tokens")]
    public void Build_MaxTokens_GoesInTheFieldTheServerExpects(string baseUrl, TokenLimitField field, string expected)
    {
        var call = ChatCallBuilder.Build(Settings(new Uri(baseUrl), maxTokens: 300, field: field), "Q", []);

        JsonElement root = Json(call);
        Assert.Equal(300, root.GetProperty(expected).GetInt32());
        string other = expected == "max_tokens" ? "max_completion_tokens" : "max_tokens";
        Assert.False(root.TryGetProperty(other, out _));
    }

    [Fact]
    public void Build_NotStreaming_SendsNoStreamFields()
    {
        JsonElement root = Json(ChatCallBuilder.Build(Settings(stream: false), "Q", []));

        Assert.False(root.TryGetProperty("stream", out _));
        Assert.False(root.TryGetProperty("stream_options", out _));
    }

    [Fact]
    public void Build_StreamWithoutUsage_OmitsStreamOptions()
    {
        JsonElement root = Json(ChatCallBuilder.Build(Settings(includeUsage: false), "Q", []));

        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.False(root.TryGetProperty("stream_options", out _));
    }

    [Fact]
    public void Build_WithHistory_AppendsNewUserMessageAndKeepsSystem()
    {
        ChatMessage[] history =
        [
            ChatMessage.System("Original system."),
            new(ChatRole.User, MessageContent.FromParts([ContentPart.FromImage("https://x.test/a.jpg", null), ContentPart.FromText("Which is left?")])),
            ChatMessage.Assistant("The red one."),
        ];

        var call = ChatCallBuilder.Build(Settings(system: "Ignored because the history has one."), "and the right one?", [], history);

        Assert.Equal(["system", "user", "assistant", "user"], call.Request.Messages.Select(m => m.Role));
        Assert.Equal("Original system.", call.Request.Messages[0].Content.Text);
        Assert.Equal("and the right one?", call.Request.Messages[^1].Content.Text);
    }

    [Fact]
    public void Build_NothingToSend_IsRefused()
    {
        var ex = Assert.Throws<VisionArgumentException>(() => ChatCallBuilder.Build(Settings(), "  ", []));
        Assert.Equal(ErrorIds.PromptMissing, ex.ErrorId);
    }

    [Fact]
    public void MessageContent_RoundTripsBothForms()
    {
        var call = ChatCallBuilder.Build(Settings(), "Q", [Url("https://x.test/a.jpg", "high")]);
        string json = call.ToJson();

        var back = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.ChatRequest)!;

        Assert.Equal(json, ChatRequestJson.ToJson(back));
        Assert.Equal("high", back.Messages[0].Content.Parts![0].ImageUrl!.Detail);
    }
}
