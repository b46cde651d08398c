namespace VisionPS.Core.Http;

/// <summary>
/// A read-only wrapper that stops a response at a total byte cap and at a line-length cap (bytes since the last LF or CR),
/// raising <see cref="ResponseTooLargeException"/>; it never buffers anything itself.
/// </summary>
internal sealed class BoundedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _maxTotal;
    private readonly long _maxLine;
    private readonly Uri _endpoint;
    private long _total;
    private long _line;

    public BoundedReadStream(Stream inner, long maxTotal, long maxLine, Uri endpoint)
    {
        _inner = inner;
        _maxTotal = maxTotal;
        _maxLine = maxLine;
        _endpoint = endpoint;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        int read = _inner.Read(buffer, offset, count);
        Count(buffer.AsSpan(offset, read));
        return read;
    }

    private void Count(ReadOnlySpan<byte> data)
    {
        _total += data.Length;
        if (_total > _maxTotal)
        {
            throw new ResponseTooLargeException($"{_endpoint} sent more than {Size(_maxTotal)} in one answer; VisionPS stopped reading.");
        }

        int lastBreak = data.LastIndexOfAny((byte)'\n', (byte)'\r');
        _line = lastBreak < 0 ? _line + data.Length : data.Length - lastBreak - 1;
        if (_line > _maxLine)
        {
            throw new ResponseTooLargeException($"{_endpoint} sent a line longer than {Size(_maxLine)} (no line break); VisionPS stopped reading.");
        }
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
