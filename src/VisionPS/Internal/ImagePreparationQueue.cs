using VisionPS.Core.Batches;
using VisionPS.Core.Images;

namespace VisionPS.Internal;

/// <summary>
/// ConvertTo-ImagePart's images, read and prepared on up to N worker threads while the pipeline thread goes on taking
/// input. Parts come back in input order, so output, warnings and errors read as they would one by one; with N = 1
/// each image is prepared on the pipeline thread as it arrives.
/// </summary>
internal sealed class ImagePreparationQueue : IDisposable
{
    private readonly BatchRunner<PendingImage, ImageInput>? _runner;

    public ImagePreparationQueue(int throttleLimit)
    {
        if (throttleLimit > 1)
        {
            _runner = new BatchRunner<PendingImage, ImageInput>(
                static (pending, cancel) => Task.Run(pending.Load, cancel),
                new BatchRunnerOptions { MaxConcurrency = throttleLimit, PreserveOrder = true });
        }
    }

    /// <summary>Queues <paramref name="pending"/> and returns the images finished by then, oldest first.</summary>
    public IEnumerable<ImageInput> Post(PendingImage pending) =>
        _runner is null ? [pending.Load()] : Finished(_runner.PostAndDrain(pending));

    /// <summary>Waits for the rest, yielding each in input order.</summary>
    public IEnumerable<ImageInput> Complete() => _runner is null ? [] : Finished(_runner.Complete());

    /// <summary>From StopProcessing (another thread): start nothing more.</summary>
    public void Cancel() => _runner?.Cancel();

    public void Dispose() => _runner?.Dispose();

    private static IEnumerable<ImageInput> Finished(IEnumerable<BatchOutcome<PendingImage, ImageInput>> outcomes)
    {
        foreach (BatchOutcome<PendingImage, ImageInput> outcome in outcomes)
        {
            // Load never throws; an image never started because the user pressed Ctrl+C needs no error of its own.
            if (outcome.Output is { } input)
            {
                yield return input;
            }
            else if (outcome.Failed)
            {
                yield return new ImageInput(outcome.Input.Target, outcome.Exception!);
            }
        }
    }
}
