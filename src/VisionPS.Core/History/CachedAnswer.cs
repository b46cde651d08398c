using VisionPS.Core.Protocol;

namespace VisionPS.Core.History;

/// <summary>An answer kept for the cache: the completion as received (text, model, finish reason, usage), its request id and what it cost.</summary>
internal sealed record CachedAnswer(ChatCompletion Completion, string? RequestId, decimal? Cost, string? Currency, DateTimeOffset Time);
