using VisionPS.Core.BatchJobs;
using VisionPS.Core.Chat;
using VisionPS.Core.Images;
using VisionPS.Core.Models;
using VisionPS.Imaging;

namespace VisionPS.Core.Tests.BatchJobs;

/// <summary>What Submit- and Receive-VisionBatch do, without PowerShell: the same Core calls in the same order.</summary>
internal static class BatchHarness
{
    public const string Prompt = "Describe this image";

    public static ChatSettings Settings(Uri baseUrl, string model = "gpt-4o") =>
        new() { BaseUrl = baseUrl, Model = model, Stream = false, IncludeUsage = false };

    /// <summary>A distinct small PNG per index (its colour and size depend on the index), encoded by our own PNG encoder.</summary>
    public static byte[] Png(int index)
    {
        int width = 8 + (index % 7), height = 8 + (index / 7 % 5);
        byte[] pixels = new byte[width * height * 3];
        for (int p = 0; p < pixels.Length; p += 3)
        {
            pixels[p] = (byte)index;
            pixels[p + 1] = (byte)(index >> 8);
            pixels[p + 2] = (byte)(index >> 16);
        }

        return DefaultImageEngine.Instance.EncodePng(new PixelBuffer(width, height, PixelLayout.Rgb24, pixels));
    }

    public static IEnumerable<(string Source, Func<ImagePart> Load)> Inputs(int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            string source = $"/photos/img{i:D5}.png";
            return (source, (Func<ImagePart>)(() => ImagePartFactory.FromBytes(Png(i), source)));
        });

    /// <summary>Submits (or continues) a job; what the cmdlet's Begin/Process/End do.</summary>
    public static async Task<int> SubmitAsync(string folder, Uri baseUrl, BatchApiClient? api, IEnumerable<(string Source, Func<ImagePart> Load)> inputs, BatchLimits limits, CancellationToken ct = default, List<string>? verbose = null)
    {
        ChatSettings settings = Settings(baseUrl);
        using BatchJobStore store = BatchJobOpener.OpenOrCreate(folder, baseUrl, settings.Model!, Prompt, "shape", out _);
        using var submitter = new BatchSubmitter(store, api, "/v1/chat/completions", limits, ModelCatalog.BuiltIn.Find(settings.Model!), null, v => verbose?.Add(v));
        await submitter.ResumeAsync(ct);
        foreach ((string source, Func<ImagePart> load) in inputs)
        {
            if (submitter.ClaimAlreadySubmitted(source))
            {
                continue;
            }

            await submitter.AddAsync(ChatCallBuilder.Build(settings, Prompt, [load()]), source, ct);
        }

        await submitter.FinishAsync(ct);
        return submitter.Skipped;
    }

    /// <summary>Receives every finished batch of the job; <paramref name="sink"/> gets each item before it is marked received.</summary>
    public static async Task ReceiveAsync(string folder, BatchApiClient api, Action<BatchReceivedItem> sink, CancellationToken ct = default)
    {
        using BatchJobStore store = BatchJobStore.Open(folder);
        var receiver = new BatchReceiver(store, api, ModelCatalog.BuiltIn);
        foreach (BatchPartState part in store.State.Parts.Where(p => p.BatchId is not null && !p.Received).ToArray())
        {
            BatchObject batch = await receiver.RefreshAsync(part, ct);
            await foreach (BatchReceivedItem item in receiver.ReceiveAsync(part, batch, all: false, ct))
            {
                sink(item);
                receiver.MarkReceived(item);
            }

            receiver.FinishPart(part);
        }
    }

    public static string TempFolder() => Path.Combine(Path.GetTempPath(), "visionps-batch-" + Guid.NewGuid().ToString("N")[..8]);
}
