namespace VisionPS.Imaging.Memory;

/// <summary>
/// The pixel buffers made during one decode on this thread: when the decode ends, every one but the result goes back to
/// the pool, so a decoder that fails halfway (damaged data) or converts through a temporary buffer gives back what it
/// took without each decoder handling it.
/// </summary>
internal sealed class DecodeScope : IDisposable
{
    [ThreadStatic]
    private static DecodeScope? t_current;

    private readonly DecodeScope? _outer;
    private readonly List<PixelBuffer> _made = [];
    private PixelBuffer? _result;

    private DecodeScope(DecodeScope? outer) => _outer = outer;

    public static DecodeScope Begin() => t_current = new DecodeScope(t_current);

    /// <summary>Called by every pooled <see cref="PixelBuffer"/> as it is made.</summary>
    public static void Register(PixelBuffer buffer) => t_current?._made.Add(buffer);

    public PixelBuffer Keep(PixelBuffer result) => _result = result;

    public void Dispose()
    {
        t_current = _outer;
        foreach (PixelBuffer buffer in _made)
        {
            if (!ReferenceEquals(buffer, _result))
            {
                buffer.Dispose();
            }
        }
    }
}
