namespace VisionPS.Core.Http;

/// <summary>The four fields of an OpenAI-style error, whatever shape the provider used to send them.</summary>
public sealed record ApiErrorBody(string? Message, string? Type, string? Code, string? Param);
