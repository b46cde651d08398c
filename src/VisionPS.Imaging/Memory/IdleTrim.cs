namespace VisionPS.Imaging.Memory;

/// <summary>
/// Gives the pools' memory back when the engine is idle: a collection that finds no rent since the previous one
/// empties every registered pool (issue 20 point 4). A PowerShell session stays open for days; what it kept while
/// preparing a few hundred photos should not stay with it. Busy work rents all the time, so it keeps its arrays.
/// </summary>
internal static class IdleTrim
{
    private static readonly List<Action> Trims = [];
    private static int s_used;

    /// <summary>Adds a pool's "drop what you keep" (safe to call from the finalizer thread while others rent).</summary>
    public static void Register(Action trim)
    {
        lock (Trims)
        {
            if (Trims.Count == 0)
            {
                Gen2Callback.Start(OnCollection);
            }

            Trims.Add(trim);
        }
    }

    public static void NoteUse() => Volatile.Write(ref s_used, 1);

    private static void OnCollection()
    {
        if (Interlocked.Exchange(ref s_used, 0) != 0)
        {
            return;
        }

        Action[] trims;
        lock (Trims)
        {
            trims = [.. Trims];
        }

        foreach (Action trim in trims)
        {
            trim();
        }
    }
}
