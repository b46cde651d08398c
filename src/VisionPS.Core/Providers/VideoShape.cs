namespace VisionPS.Core.Providers;

/// <summary>
/// How a server takes a video natively, for a model the catalog says understands video (the <c>VideoParts</c> quirk).
/// Sources: ../shared/docs/vision-api-facts.md §7, §3.8; docs/documents.md (Video).
/// </summary>
public enum VideoShape
{
    /// <summary>No video part: the frames go as labelled <c>image_url</c> parts (OpenAI, Ollama, LM Studio, llama.cpp).</summary>
    None,

    /// <summary>One <c>{"type":"video","video":[frame images]}</c> part (DashScope's compatible mode).</summary>
    FrameList,

    /// <summary>One <c>{"type":"video_url","video_url":{"url":…}}</c> part holding the whole file or its http(s) URL (vLLM); the server samples frames itself.</summary>
    VideoUrl,
}
