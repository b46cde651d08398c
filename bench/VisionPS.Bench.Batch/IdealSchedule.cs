namespace VisionPS.Bench.Batch;

/// <summary>
/// The shortest possible batch: a client with no overhead of its own, N requests of a fixed latency, at most C in
/// flight and, with a limit, at most R started in any 60 seconds (the sliding window the limiter enforces).
/// Each request starts as soon as both a slot is free and the window admits it.
/// </summary>
internal static class IdealSchedule
{
    public static TimeSpan Makespan(int requests, int concurrency, TimeSpan latency, int? requestsPerMinute)
    {
        var slotsFree = new PriorityQueue<TimeSpan, TimeSpan>();
        for (int i = 0; i < concurrency; i++)
        {
            slotsFree.Enqueue(TimeSpan.Zero, TimeSpan.Zero);
        }

        var starts = new List<TimeSpan>(requests);
        TimeSpan end = TimeSpan.Zero;
        for (int k = 0; k < requests; k++)
        {
            TimeSpan start = slotsFree.Dequeue();
            if (requestsPerMinute is int rpm && k >= rpm)
            {
                // The window holds at most rpm starts: request k waits until request k - rpm has left it.
                TimeSpan admitted = starts[k - rpm] + TimeSpan.FromMinutes(1);
                start = start > admitted ? start : admitted;
            }

            starts.Add(start);
            TimeSpan finish = start + latency;
            slotsFree.Enqueue(finish, finish);
            end = finish > end ? finish : end;
        }

        return end;
    }
}
