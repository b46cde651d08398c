namespace VisionPS.Core.Chat;

/// <summary>A provider's name and its API root.</summary>
public sealed record ProviderRoot(string Name, string BaseUrl);
