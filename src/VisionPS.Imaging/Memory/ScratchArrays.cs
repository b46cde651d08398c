namespace VisionPS.Imaging.Memory;

/// <summary>
/// The engine's pool (<see cref="TrimmedArrayPool{T}"/>) for its scratch arrays (JPEG planes and coefficients, encoder output), counting per thread what
/// is out, so tests can prove every path, errors included, gives back what it took (issue 11 point 1). A rented array
/// may be longer than asked for and holds whatever it held: callers clear what they read before writing.
/// </summary>
internal static class ScratchArrays
{
    [ThreadStatic]
    private static int t_outstanding;

    /// <summary>Arrays this thread has rented and not returned, pixel buffers included (<see cref="PixelArrayPool"/>).</summary>
    public static int Outstanding => t_outstanding;

    public static T[] Rent<T>(int minimumLength)
    {
        t_outstanding++;
        return TrimmedArrayPool<T>.Rent(minimumLength);
    }

    public static void Return<T>(T[] array)
    {
        t_outstanding--;
        TrimmedArrayPool<T>.Return(array);
    }

    internal static void Count(int change) => t_outstanding += change;
}
