namespace VisionPS.Imaging.Memory;

/// <summary>
/// Arrays for an image file's bytes while it is decoded: rented, read from, and given back zeroed. The engine's pool,
/// so the bytes of a session's photos are given back once it is idle (<see cref="IdleTrim"/>).
/// </summary>
public static class EncodedBytePool
{
    /// <summary>An array of at least <paramref name="minimumLength"/> bytes; what it holds past the file is undefined.</summary>
    public static byte[] Rent(int minimumLength) => TrimmedArrayPool<byte>.Rent(minimumLength);

    /// <summary>Zeroes the array and takes it back.</summary>
    public static void Return(byte[] array) => TrimmedArrayPool<byte>.Return(array, clearArray: true);
}
