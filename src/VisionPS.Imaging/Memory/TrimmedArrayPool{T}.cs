using System.Buffers;

namespace VisionPS.Imaging.Memory;

/// <summary>
/// The engine's own ArrayPool for scratch and file arrays, dropped as a whole when <see cref="IdleTrim"/> finds the
/// engine idle. Not ArrayPool&lt;T&gt;.Shared: that one trims on its own clock and is shared with the rest of
/// PowerShell, so what it keeps of ours cannot be given back on purpose.
/// </summary>
internal static class TrimmedArrayPool<T>
{
    // Bucket sizes only depend on these two numbers, so an array rented from a dropped pool goes back to the new one.
    private const int MaxArrayLength = 1 << 26;
    private const int ArraysPerBucket = 8;

    private static ArrayPool<T> s_pool = ArrayPool<T>.Create(MaxArrayLength, ArraysPerBucket);

    static TrimmedArrayPool() => IdleTrim.Register(() => Volatile.Write(ref s_pool, ArrayPool<T>.Create(MaxArrayLength, ArraysPerBucket)));

    public static T[] Rent(int minimumLength)
    {
        IdleTrim.NoteUse();
        return Volatile.Read(ref s_pool).Rent(minimumLength);
    }

    public static void Return(T[] array, bool clearArray = false) => Volatile.Read(ref s_pool).Return(array, clearArray);
}
