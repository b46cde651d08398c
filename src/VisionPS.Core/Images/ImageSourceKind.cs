namespace VisionPS;

/// <summary>Where an image part's data comes from.</summary>
public enum ImageSourceKind
{
    /// <summary>A file that was read and is sent inline as a data URL.</summary>
    File,

    /// <summary>An http(s) URL: passed to the provider as is, or, for a provider that cannot fetch URLs, downloaded and sent inline.</summary>
    Url,

    /// <summary>A data URL given by the user.</summary>
    DataUrl,

    /// <summary>Bytes given directly.</summary>
    Bytes,
}
