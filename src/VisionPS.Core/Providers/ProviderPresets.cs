using VisionPS.Core.Chat;

namespace VisionPS.Core.Providers;

/// <summary>The built-in presets: one per <see cref="ProviderKind"/>. Sources: ../shared/docs/vision-api-facts.md §3.</summary>
public static class ProviderPresets
{
    /// <summary>Azure's classic data-plane version used when a profile names a deployment but no api-version.</summary>
    public const string DefaultAzureApiVersion = "2024-10-21";

    private static readonly ProviderQuirks LocalServer = new() { AcceptsImageUrls = false, DetailMatters = false, TokenLimitField = TokenLimitField.MaxTokens, VideoParts = VideoShape.None };

    public static IReadOnlyList<ProviderPreset> All { get; } =
    [
        new(ProviderKind.Generic, null, null, new ProviderQuirks()),
        new(ProviderKind.OpenAI, "https://api.openai.com/v1", "OPENAI_API_KEY", new() { TokenLimitField = TokenLimitField.MaxCompletionTokens }),
        new(ProviderKind.AzureOpenAI, null, "AZURE_OPENAI_API_KEY", new() { TokenLimitField = TokenLimitField.MaxCompletionTokens }, ApiKeyHeader.ApiKey, DefaultAzureApiVersion),
        new(ProviderKind.SiliconFlow, "https://api.siliconflow.cn/v1", "SILICONFLOW_API_KEY", new() { TokenLimitField = TokenLimitField.MaxTokens, VideoParts = VideoShape.None }),
        new(ProviderKind.DashScope, "https://dashscope.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY", new() { DetailMatters = false, TokenLimitField = TokenLimitField.MaxTokens, VideoParts = VideoShape.FrameList }),
        new(ProviderKind.OpenRouter, "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", new() { VideoParts = VideoShape.None }),
        new(ProviderKind.Together, "https://api.together.xyz/v1", "TOGETHER_API_KEY", new() { TokenLimitField = TokenLimitField.MaxTokens }),
        new(ProviderKind.Groq, "https://api.groq.com/openai/v1", "GROQ_API_KEY", new() { DetailMatters = false, MaxImagesPerRequest = 5 }),
        new(ProviderKind.Ollama, "http://localhost:11434/v1", null, LocalServer),
        new(ProviderKind.Vllm, "http://localhost:8000/v1", null, new() { DetailMatters = false, TokenLimitField = TokenLimitField.MaxTokens, VideoParts = VideoShape.VideoUrl }),
        new(ProviderKind.LMStudio, "http://localhost:1234/v1", null, LocalServer),
        new(ProviderKind.LlamaCpp, "http://localhost:8080/v1", null, LocalServer with { RefusedImageTypes = ["image/webp"] }),
        new(ProviderKind.HighwayApi, "https://api.highwayapi.ai/openai", "HIGHWAYAPI_API_KEY", new()),
        new(ProviderKind.Jiekou, "https://api.jiekou.ai/openai", "JIEKOU_API_KEY", new()),
    ];

    public static ProviderPreset For(ProviderKind kind) => All.First(p => p.Kind == kind);
}
