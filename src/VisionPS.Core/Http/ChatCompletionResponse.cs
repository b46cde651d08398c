using VisionPS.Core.Protocol;

namespace VisionPS.Core.Http;

/// <summary>A non-streamed answer together with what its headers said.</summary>
public sealed record ChatCompletionResponse(ChatCompletion Completion, ResponseInfo Info);
