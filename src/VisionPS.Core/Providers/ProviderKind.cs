namespace VisionPS.Core.Providers;

/// <summary>The kinds of server VisionPS knows; each has a preset (base URL, key variable) and quirks.</summary>
public enum ProviderKind
{
    /// <summary>Any OpenAI-compatible server: no quirks assumed.</summary>
    Generic,
    OpenAI,
    AzureOpenAI,
    SiliconFlow,
    DashScope,
    OpenRouter,
    Together,
    Groq,
    Ollama,
    Vllm,
    LMStudio,
    LlamaCpp,
    HighwayApi,
    Jiekou,
}
