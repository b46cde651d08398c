using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace VisionPS.TestServer;

/// <summary>
/// Replaces a connection's transport output so a handler can break a response off cleanly: every flush writes the
/// bytes straight to the socket, and <see cref="CutAsync"/> then half-closes it (shutdown(SHUT_WR): FIN after the
/// data already sent). Later writes from Kestrel (e.g. the final chunk) are dropped. The client reads everything that
/// was sent, then sees the body end early (HttpClient: HttpIOException "response ended prematurely").
/// Why not HttpContext.Abort(): Kestrel's abort disposes the socket while its receive loop is pending, which on Linux
/// makes .NET close it abortively (RST), and a RST discards data the client has not read yet, so "N chunks, then the
/// stream breaks" would sometimes arrive as "nothing at all".
/// </summary>
internal sealed class CuttablePipeWriter(PipeWriter kestrelOutput, Socket socket) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly NetworkStream _stream = new(socket, ownsSocket: false);
    private volatile bool _closed;

    /// <summary>Sends what was flushed, then FIN; the connection carries nothing more.</summary>
    public async Task CutAsync()
    {
        await FlushAsync().ConfigureAwait(false);
        _closed = true;
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone: nothing left to cut.
        }
    }

    public override void Advance(int bytes) => _buffer.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);

    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            if (!_closed && _buffer.WrittenCount > 0)
            {
                await _stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            _closed = true; // the peer or Kestrel closed the connection: report it like a completed pipe
        }
        finally
        {
            _buffer.ResetWrittenCount();
        }

        return new FlushResult(isCanceled: false, isCompleted: _closed);
    }

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null) => kestrelOutput.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => kestrelOutput.CompleteAsync(exception);
}
