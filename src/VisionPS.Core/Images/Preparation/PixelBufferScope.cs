using VisionPS.Imaging;

namespace VisionPS.Core.Images.Preparation;

/// <summary>
/// The pixel buffers one preparation made, given back to the engine's pool together when it ends, on success and on
/// every error path alike. Engine steps may return their input itself (orientation 1, an opaque image's flatten), so
/// each buffer is given back once.
/// </summary>
internal sealed class PixelBufferScope : IDisposable
{
    private readonly List<PixelBuffer> _buffers = [];

    public PixelBuffer Track(PixelBuffer buffer)
    {
        if (!_buffers.Exists(b => ReferenceEquals(b, buffer)))
        {
            _buffers.Add(buffer);
        }

        return buffer;
    }

    public void Dispose()
    {
        foreach (PixelBuffer buffer in _buffers)
        {
            buffer.Dispose();
        }

        _buffers.Clear();
    }
}
