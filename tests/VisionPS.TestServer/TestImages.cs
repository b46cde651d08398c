namespace VisionPS.TestServer;

/// <summary>Small images the server hands out for image-URL tests (made with ImageMagick).</summary>
public static class TestImages
{
    /// <summary>16x16 grey PNG.</summary>
    public static byte[] Png { get; } = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAAAAAA6mKC9AAAAEUlEQVQY02OsY0AFTAwjWgAAl3IAngqOAesAAAAASUVORK5CYII=");

    /// <summary>8x8 red lossless WebP.</summary>
    public static byte[] WebP { get; } = Convert.FromBase64String("UklGRhwAAABXRUJQVlA4TA8AAAAvB8ABAAcQ/Y/+ByKi/wEA");
}
