namespace VisionPS.TestServer;

/// <summary>How the server behaves beyond the OpenAI rules.</summary>
public enum ServerMode
{
    /// <summary>OpenAI's behaviour, strictly.</summary>
    Strict,

    /// <summary>
    /// Like llama.cpp's llama-server: 400 for WebP images, 500 for http(s) image URLs (it fetches them and fails),
    /// image_url.detail ignored (neither checked nor counted), 500 instead of 400 for other bad requests, and, when no key is
    /// configured (--any-key), no key needed at all, as llama-server without --api-key.
    /// </summary>
    LlamaCpp,
}
