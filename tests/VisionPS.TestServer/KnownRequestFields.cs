namespace VisionPS.TestServer;

/// <summary>
/// Top-level fields a chat request may carry: the property names of CreateChatCompletionRequest and its
/// allOf parts (CreateModelResponseProperties → ModelResponseProperties) in /work/shared/spec/openai-openapi.json
/// (openai/openai-openapi @f85dbe2, spec version 2.3.0). Anything else is answered with
/// 400 "Unrecognized request argument supplied: X", as OpenAI does.
/// Only model, messages, temperature, max_tokens, max_completion_tokens, n, stream and stream_options are
/// checked further; the others are accepted as they are.
/// </summary>
internal static class KnownRequestFields
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "audio",
        "frequency_penalty",
        "function_call",
        "functions",
        "logit_bias",
        "logprobs",
        "max_completion_tokens",
        "max_tokens",
        "messages",
        "metadata",
        "modalities",
        "model",
        "moderation",
        "n",
        "parallel_tool_calls",
        "prediction",
        "presence_penalty",
        "prompt_cache_key",
        "prompt_cache_options",
        "prompt_cache_retention",
        "reasoning_effort",
        "response_format",
        "safety_identifier",
        "seed",
        "service_tier",
        "stop",
        "store",
        "stream",
        "stream_options",
        "temperature",
        "tool_choice",
        "tools",
        "top_logprobs",
        "top_p",
        "user",
        "verbosity",
        "web_search_options",
    };
}
