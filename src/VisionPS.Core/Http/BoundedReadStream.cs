namespace VisionPS.Core.Http;

/// <summary>
/// A read-only wrapper that stops a response at a total byte cap and at a line-length cap (bytes since the last LF or CR),
/// raising <see cref="ResponseTooLargeException"/>; it never buffers anything itself.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long maxTotal, long maxLine, Uri endpoint) : ReadOnlyStreamWrapper(inner)
{
    private long _total;
    private long _line;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(buffer.Span[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int read = Inner.Read(buffer, offset, count);
        Count(buffer.AsSpan(offset, read));
        return read;
    }

    private void Count(ReadOnlySpan<byte> data)
    {
        _total += data.Length;
        if (_total > maxTotal)
        {
            throw new ResponseTooLargeException($"{endpoint} sent more than {Size(maxTotal)} in one answer; VisionPS stopped reading.");
        }

        int lastBreak = data.LastIndexOfAny((byte)'\n', (byte)'\r');
        _line = lastBreak < 0 ? _line + data.Length : data.Length - lastBreak - 1;
        if (_line > maxLine)
        {
            throw new ResponseTooLargeException($"{endpoint} sent a line longer than {Size(maxLine)} (no line break); VisionPS stopped reading.");
        }
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";
}
