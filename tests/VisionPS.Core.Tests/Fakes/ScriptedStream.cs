namespace VisionPS.Core.Tests.Fakes;

/// <summary>
/// A read-only stream that hands out its bytes in the given piece sizes (1 = trickle), then either ends,
/// throws an IOException (a cut connection), or waits until cancelled (a stalled server).
/// </summary>
internal sealed class ScriptedStream : Stream
{
    private readonly byte[] _data;
    private readonly Func<int, int> _pieceSize;
    private readonly Ending _ending;
    private int _position;
    private int _reads;

    public enum Ending { End, Cut, Stall }

    public ScriptedStream(byte[] data, Func<int, int>? pieceSize = null, Ending ending = Ending.End)
    {
        _data = data;
        _pieceSize = pieceSize ?? (_ => int.MaxValue);
        _ending = ending;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_position < _data.Length)
        {
            int n = Math.Min(Math.Min(buffer.Length, Math.Max(1, _pieceSize(_reads++))), _data.Length - _position);
            _data.AsSpan(_position, n).CopyTo(buffer.Span);
            _position += n;
            return n;
        }

        switch (_ending)
        {
            case Ending.Cut:
                throw new IOException("The response ended prematurely.");
            case Ending.Stall:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            default:
                return 0;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
