namespace VisionPS.Imaging;

/// <summary>
/// The first bytes of a stream, read on demand up to a fixed limit, for header readers that may ask for more.
/// </summary>
internal sealed class StreamPrefix
{
    private readonly Stream stream;
    private readonly int limit;
    private byte[] buffer = [];

    public StreamPrefix(Stream stream, int limit)
    {
        this.stream = stream;
        this.limit = limit;
    }

    public int Length { get; private set; }

    /// <summary>The stream has ended: <see cref="Bytes"/> is the whole rest of it.</summary>
    public bool AtEnd { get; private set; }

    /// <summary>The limit was reached with more data left in the stream.</summary>
    public bool LimitReached { get; private set; }

    /// <summary>No more bytes will be read: the stream ended or the limit was reached.</summary>
    public bool IsComplete => AtEnd || LimitReached;

    public ReadOnlySpan<byte> Bytes => buffer.AsSpan(0, Length);

    /// <summary>Reads until <see cref="Length"/> is at least <paramref name="target"/> (capped at the limit) or the stream ends.</summary>
    public void FillTo(long target)
    {
        int wanted = (int)Math.Min(target, limit);
        if (IsComplete || wanted <= Length)
        {
            return;
        }

        Array.Resize(ref buffer, wanted);
        while (Length < wanted)
        {
            int read = stream.Read(buffer, Length, wanted - Length);
            if (read <= 0)
            {
                AtEnd = true;
                return;
            }

            Length += read;
        }

        if (Length >= limit)
        {
            // Tell "exactly at the end" from "more left" so messages can say which; the probe byte is not kept.
            Span<byte> probe = stackalloc byte[1];
            AtEnd = stream.Read(probe) <= 0;
            LimitReached = !AtEnd;
        }
    }
}
