using System.Security.Cryptography;
using System.Text.Json;
using VisionPS.Core.BatchJobs;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.Tests.BatchJobs;

/// <summary>Submit → batches run on the server's clock → receive: the online path's results, one per input (issue 13 points 1, 2).</summary>
public class BatchRoundTripTests : IClassFixture<BatchServerFixture>
{
    private readonly BatchServerFixture _f;

    public BatchRoundTripTests(BatchServerFixture fixture) => _f = fixture;

    [Fact]
    public async Task Every_input_comes_back_as_the_online_paths_result_tied_to_its_source()
    {
        string folder = BatchHarness.TempFolder();
        using BatchApiClient api = _f.Api();
        await BatchHarness.SubmitAsync(folder, _f.Server.BaseUrl, api, BatchHarness.Inputs(25), new BatchLimits { MaxRequests = 10 });
        using (BatchJobStore store = BatchJobStore.Open(folder))
        {
            Assert.Equal([10, 10, 5], store.State.Parts.Select(p => p.Count));
            Assert.All(store.State.Parts, p => Assert.Equal(BatchPartStage.Created, p.Stage));
        }

        _f.FinishAll();
        var items = new List<BatchReceivedItem>();
        await BatchHarness.ReceiveAsync(folder, api, items.Add);

        Assert.Equal(25, items.Count);
        Assert.All(items, i => Assert.NotNull(i.Result));
        Assert.Equal(BatchHarness.Inputs(25).Select(i => i.Source).Order(), items.Select(i => i.Source).Order());
        foreach (BatchReceivedItem item in items)
        {
            ChatResult r = item.Result!;
            ImagePart sent = BatchHarness.Inputs(25).Single(i => i.Source == item.Source).Load();
            // The server's answer names the SHA-256 of the image it got: this result answers this input.
            Assert.Contains(Convert.ToHexString(SHA256.HashData(sent.Data.Span)).ToLowerInvariant(), r.Text, StringComparison.Ordinal);
            Assert.Equal([item.Source], r.Images);
            Assert.Equal(BatchHarness.Prompt, r.Prompt);
            Assert.Equal("gpt-4o", r.Model);
            Assert.Equal(2, r.Messages.Count); // the user message with its image, and the answer
            Assert.Equal(r.Usage!.PromptTokens, r.Estimate!.PromptTokens);
            Assert.NotNull(r.Cost);
        }

        // A second receive hands over nothing more.
        var again = new List<BatchReceivedItem>();
        await BatchHarness.ReceiveAsync(folder, api, again.Add);
        Assert.Empty(again);
    }

    [Fact]
    public async Task A_line_body_is_byte_for_byte_the_online_request_body()
    {
        string folder = BatchHarness.TempFolder();
        using BatchApiClient api = _f.Api();
        await BatchHarness.SubmitAsync(folder, _f.Server.BaseUrl, api, BatchHarness.Inputs(3), new BatchLimits());
        using BatchJobStore store = BatchJobStore.Open(folder);
        string[] lines = File.ReadAllLines(store.PartPath(store.State.Parts[0]));
        Assert.Equal(3, lines.Length);
        int index = 0;
        foreach ((string line, (_, Func<ImagePart> load)) in lines.Zip(BatchHarness.Inputs(3)))
        {
            string online = ChatCallBuilder.Build(BatchHarness.Settings(_f.Server.BaseUrl), BatchHarness.Prompt, [load()]).ToJson();
            string prefix = $"{{\"custom_id\":\"{store.State.JobId}-{index++}\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":";
            Assert.StartsWith(prefix, line, StringComparison.Ordinal);
            Assert.Equal(online, line[prefix.Length..^1]);
        }
    }

    [Fact]
    public async Task Failed_lines_become_one_classified_error_each_and_the_rest_results()
    {
        string folder = BatchHarness.TempFolder();
        using BatchApiClient api = _f.Api();
        _f.Server.FailEveryNthBatchLine = 4;
        try
        {
            await BatchHarness.SubmitAsync(folder, _f.Server.BaseUrl, api, BatchHarness.Inputs(20), new BatchLimits());
            _f.FinishAll();
            var items = new List<BatchReceivedItem>();
            await BatchHarness.ReceiveAsync(folder, api, items.Add);

            Assert.Equal(20, items.Select(i => i.CustomId).Distinct().Count());
            Assert.Equal(5, items.Count(i => i.Error is not null));
            Assert.Equal(15, items.Count(i => i.Result is not null));
            foreach (BatchReceivedItem failed in items.Where(i => i.Error is not null))
            {
                VisionErrorInfo info = ErrorClassifier.Classify(failed.Error!, failed.Source);
                Assert.Equal(ErrorIds.ApiServerError, info.ErrorId);
                Assert.Equal(failed.Source, info.TargetObject);
                Assert.DoesNotContain(BatchServerFixture.Key, info.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            _f.Server.FailEveryNthBatchLine = 0;
        }
    }

    [Fact]
    public async Task Inputs_split_by_bytes_and_by_enqueued_tokens()
    {
        using BatchApiClient api = _f.Api();
        var lineBytes = BatchLineEncoder.Encode("x-0", ChatCallBuilder.Build(BatchHarness.Settings(_f.Server.BaseUrl), BatchHarness.Prompt, [BatchHarness.Inputs(1).Single().Load()]).Request, "/v1/chat/completions").Length;
        string byBytes = BatchHarness.TempFolder();
        await BatchHarness.SubmitAsync(byBytes, _f.Server.BaseUrl, api, BatchHarness.Inputs(9), new BatchLimits { MaxBytes = (lineBytes * 4) + (lineBytes / 2) });
        using (BatchJobStore store = BatchJobStore.Open(byBytes))
        {
            Assert.Equal([4, 4, 1], store.State.Parts.Select(p => p.Count));
            Assert.All(store.State.Parts, p => Assert.True(p.Bytes <= (lineBytes * 4) + (lineBytes / 2)));
        }

        long perImage = ChatCallBuilder.Build(BatchHarness.Settings(_f.Server.BaseUrl), BatchHarness.Prompt, [BatchHarness.Inputs(1).Single().Load()]).Estimate.PromptTokens!.Value;
        using var plan = new BatchSubmitter(null, null, "/v1/chat/completions", new BatchLimits { MaxEnqueuedTokens = perImage * 3 }, global::VisionPS.Core.Models.ModelCatalog.BuiltIn.Find("gpt-4o"), null, _ => { });
        foreach ((string source, Func<ImagePart> load) in BatchHarness.Inputs(7))
        {
            await plan.AddAsync(ChatCallBuilder.Build(BatchHarness.Settings(_f.Server.BaseUrl), BatchHarness.Prompt, [load()]), source, default);
        }

        await plan.FinishAsync(default);
        Assert.Equal([3, 3, 1], plan.Plan.Select(p => p.Requests));
        Assert.Equal(perImage * 3, plan.Plan[0].EstimatedTokens);
        // gpt-4o's batch price is half its online price: 1.25 USD per 1M prompt tokens.
        Assert.Equal(new Cost(perImage * 3 * 1.25m / 1_000_000m, "USD"), plan.Plan[0].EstimatedCost);
    }

    [Fact]
    public async Task Batches_over_the_enqueued_token_limit_wait_and_the_same_command_sends_them_later()
    {
        string folder = BatchHarness.TempFolder();
        using BatchApiClient api = _f.Api();
        long perImage = ChatCallBuilder.Build(BatchHarness.Settings(_f.Server.BaseUrl), BatchHarness.Prompt, [BatchHarness.Inputs(1).Single().Load()]).Estimate.PromptTokens!.Value;
        var limits = new BatchLimits { MaxEnqueuedTokens = perImage * 3 };
        int uploads = _f.Server.Uploads.Count;

        await BatchHarness.SubmitAsync(folder, _f.Server.BaseUrl, api, BatchHarness.Inputs(7), limits);
        Assert.Equal([BatchPartStage.Created, BatchPartStage.Written, BatchPartStage.Written], Stages(folder));
        Assert.Equal(uploads + 1, _f.Server.Uploads.Count); // nothing of the waiting batches was sent

        _f.FinishAll();
        Assert.Equal(7, await BatchHarness.SubmitAsync(folder, _f.Server.BaseUrl, api, BatchHarness.Inputs(7), limits));
        Assert.Equal([BatchPartStage.Created, BatchPartStage.Created, BatchPartStage.Written], Stages(folder));

        _f.FinishAll();
        await BatchHarness.SubmitAsync(folder, _f.Server.BaseUrl, api, [], limits);
        Assert.Equal([BatchPartStage.Created, BatchPartStage.Created, BatchPartStage.Created], Stages(folder));

        _f.FinishAll();
        var items = new List<BatchReceivedItem>();
        await BatchHarness.ReceiveAsync(folder, api, items.Add);
        Assert.Equal(7, items.Select(i => i.Source).Distinct().Count());
        Assert.Equal(uploads + 3, _f.Server.Uploads.Count);
    }

    private static BatchPartStage[] Stages(string folder)
    {
        using BatchJobStore store = BatchJobStore.Open(folder);
        return store.State.Parts.Select(p => p.Stage).ToArray();
    }

    [Fact]
    public async Task A_rerun_with_other_settings_is_refused()
    {
        string folder = BatchHarness.TempFolder();
        using BatchApiClient api = _f.Api();
        await BatchHarness.SubmitAsync(folder, _f.Server.BaseUrl, api, BatchHarness.Inputs(1), new BatchLimits());
        var e = Assert.Throws<BatchJobException>(() => BatchJobOpener.OpenOrCreate(folder, _f.Server.BaseUrl, "gpt-4o", "another prompt", "shape", out _));
        Assert.Equal(ErrorIds.BatchJobMismatch, e.ErrorId);
    }
}
