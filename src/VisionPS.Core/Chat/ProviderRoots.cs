namespace VisionPS.Core.Chat;

/// <summary>The API roots of the providers VisionPS knows, for -BaseUrl completion (the same list as about_VisionPS).</summary>
public static class ProviderRoots
{
    public static IReadOnlyList<ProviderRoot> Known { get; } =
    [
        new("OpenAI", Http.Endpoints.OpenAI.ToString()),
        new("SiliconFlow", "https://api.siliconflow.cn/v1"),
        new("DashScope", "https://dashscope.aliyuncs.com/compatible-mode/v1"),
        new("OpenRouter", "https://openrouter.ai/api/v1"),
        new("Ollama", "http://localhost:11434/v1"),
        new("vLLM", "http://localhost:8000/v1"),
        new("LM Studio", "http://localhost:1234/v1"),
        new("llama.cpp server", "http://127.0.0.1:8080/v1"),
    ];

    /// <summary>Roots whose URL (with or without its scheme) or provider name starts with what was typed.</summary>
    public static IEnumerable<ProviderRoot> Matching(string typed)
    {
        string prefix = typed.Trim('\'', '"');
        return Known.Where(r => r.BaseUrl.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || r.BaseUrl[(r.BaseUrl.IndexOf("://", StringComparison.Ordinal) + 3)..].StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || r.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}
