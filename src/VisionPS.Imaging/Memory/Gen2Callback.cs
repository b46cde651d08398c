namespace VisionPS.Imaging.Memory;

/// <summary>
/// Calls back after garbage collections, the way the runtime's own ArrayPool learns about them: an object nobody
/// references whose finalizer runs the callback and registers itself again. Once the object has aged into gen 2
/// (after its first two collections) only gen-2 collections finalize it.
/// </summary>
internal sealed class Gen2Callback
{
    private readonly Action _callback;

    private Gen2Callback(Action callback) => _callback = callback;

    ~Gen2Callback()
    {
        if (Environment.HasShutdownStarted)
        {
            return;
        }

        _callback();
        GC.ReRegisterForFinalize(this);
    }

    public static void Start(Action callback) => _ = new Gen2Callback(callback);
}
