namespace VisionPS.Core.Http;

/// <summary>A read-only wrapper that restarts the idle timer before each read of the response body.</summary>
internal sealed class IdleTimeoutStream(Stream inner, IdleTimeout timeout) : ReadOnlyStreamWrapper(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        timeout.Restart();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        return await Inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
}
