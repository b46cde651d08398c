using VisionPS.Core.Batches;

namespace VisionPS.Core.Tests.Batches;

public class BatchRunnerOrderTests
{
    private static async Task<List<long>> FinishInOrder(bool preserveOrder, params int[] finishOrder)
    {
        var work = new ControlledWork();
        using var runner = new BatchRunner<int, string>(work.Run, new BatchRunnerOptions { MaxConcurrency = finishOrder.Length, PreserveOrder = preserveOrder });
        var pipeline = new PipelineThread(runner, Enumerable.Range(0, finishOrder.Length));
        foreach (int i in finishOrder)
        {
            await PipelineThread.Guard(work.WhenStarted(i));
        }

        var written = new List<long>();
        foreach (int i in finishOrder)
        {
            work.Succeed(i);
            if (!preserveOrder)
            {
                // Each outcome is written as soon as it completes, before the next item finishes.
                written.Add((await pipeline.NextAsync()).Index);
            }
        }

        written.AddRange((await pipeline.RestAsync()).Select(o => o.Index));
        return written;
    }

    [Fact]
    public async Task WithoutPreserveOrder_OutcomesComeAsTheyComplete()
    {
        Assert.Equal([2, 0, 3, 1], await FinishInOrder(preserveOrder: false, 2, 0, 3, 1));
    }

    [Fact]
    public async Task WithPreserveOrder_OutcomesComeInInputOrder()
    {
        Assert.Equal([0, 1, 2, 3], await FinishInOrder(preserveOrder: true, 2, 0, 3, 1));
    }
}
