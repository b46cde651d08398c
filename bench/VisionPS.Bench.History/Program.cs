using System.Diagnostics;
using System.Globalization;
using VisionPS;
using VisionPS.Core.Chat;
using VisionPS.Core.History;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Protocol;
using VisionPS.TestServer;

// Run-journal benchmark (issue 19 point 5). Run: dotnet run -c Release --project bench/VisionPS.Bench.History [-- --quick]
// The test server runs in this process. Every figure is measured in the same run as its reference.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
bool quick = args.Contains("--quick");
const string Key = "sk-bench-history-0000";
string work = Path.Combine(Path.GetTempPath(), "visionps-bench-history-" + Environment.ProcessId);
Directory.CreateDirectory(work);
string image = FindImage();

Console.WriteLine($"# VisionPS run-journal benchmark — {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, SQLite via Microsoft.Data.Sqlite (WAL, synchronous=NORMAL).");
Console.WriteLine();

// 1. Journal write cost against a local test-server round trip: the same request (one 227x149 JPEG, streamed)
//    through ChatPipeline.RunAsync with the journal off, on, and on with -Refresh (key hash + answer stored).
await using (VisionTestServer server = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = Key }))
{
    using var client = new VisionChatClient(new VisionClientOptions { BaseUrl = server.BaseUrl, ApiKey = new ApiCredential(Key), Timeout = TimeSpan.FromMinutes(1) });
    ImagePart photo = ImagePartFactory.FromFile(image);
    string journalPath = Path.Combine(work, "roundtrip.db");
    ChatPipeline Make(HistoryOptions history) => new(
        Connection.Resolve(server.BaseUrl.ToString(), new ApiCredential(Key), _ => null),
        client,
        new ChatSettings { BaseUrl = server.BaseUrl, Model = "gpt-4o", History = history, Environment = n => n == HistoryLocation.PathVariable ? journalPath : null });
    var cases = new (string Name, ChatPipeline Pipeline)[]
    {
        ("journal off (-NoJournal)", Make(new HistoryOptions { NoJournal = true })),
        ("journal on (default)", Make(new HistoryOptions())),
        ("journal + answer stored (-Refresh)", Make(new HistoryOptions { Refresh = true })),
    };
    int perRound = quick ? 100 : 400;
    int rounds = quick ? 3 : 7;
    var samples = cases.Select(_ => new List<double>()).ToArray();
    for (int round = -1; round < rounds; round++)
    {
        for (int c = 0; c < cases.Length; c++)
        {
            ChatPipeline pipeline = cases[c].Pipeline;
            ChatCall call = pipeline.Build(pipeline.SettingsFor(null, null), "Describe the photo in one sentence.", [photo], null);
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < perRound; i++)
            {
                await pipeline.RunAsync(call, null, null, CancellationToken.None);
            }

            if (round >= 0)
            {
                samples[c].Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / perRound);
            }
        }
    }

    double off = Median(samples[0]);
    Console.WriteLine($"## Journal write cost per request against the request itself ({rounds} interleaved rounds of {perRound}, medians)");
    Console.WriteLine();
    Console.WriteLine("| Case | µs per request | Added by the journal | Ratio to the round trip |");
    Console.WriteLine("|---|---:|---:|---:|");
    for (int c = 0; c < cases.Length; c++)
    {
        double m = Median(samples[c]);
        Console.WriteLine($"| {cases[c].Name} | {m:N0} | {(c == 0 ? "—" : $"{m - off:N0} µs")} | {(c == 0 ? "1.00" : $"{m / off:N3}")} |");
    }

    // The write alone, same rows, no network: what the journal costs when it is the only thing running.
    var journal = RunJournal.Open(Path.Combine(work, "writes.db"));
    int writes = quick ? 2000 : 10000;
    JournalEntry entry = Row(0, withAnswer: false);
    for (int i = 0; i < 200; i++)
    {
        journal.Write(entry);
    }

    JournalEntry[] single = Enumerable.Range(0, writes).Select(i => Row(i, withAnswer: false)).ToArray();
    long t0 = Stopwatch.GetTimestamp();
    foreach (JournalEntry row in single)
    {
        journal.Write(row);
    }

    double writeUs = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / writes;

    // As the chat path does it: queued, written by a background worker in shared transactions, flushed at the end.
    JournalEntry[] rows = Enumerable.Range(0, writes).Select(i => Row(i, withAnswer: false)).ToArray();
    long t1 = Stopwatch.GetTimestamp();
    foreach (JournalEntry row in rows)
    {
        journal.Append(row);
    }

    double appendUs = Stopwatch.GetElapsedTime(t1).TotalMicroseconds / writes;
    journal.Flush();
    double appendFlushUs = Stopwatch.GetElapsedTime(t1).TotalMicroseconds / writes;
    Console.WriteLine();
    Console.WriteLine($"One row alone, its own transaction (no network, {writes:N0} rows): {writeUs:N0} µs = {writeUs / off:P1} of the round trip with the journal off.");
    Console.WriteLine($"Queued as the chat path does: {appendUs:N1} µs on the request's thread ({appendUs / off:P2} of the round trip); {appendFlushUs:N0} µs per row until all {writes:N0} are on disk.");
    Console.WriteLine();
}

// 2. Cache lookup time with 1,000 and 100,000 answers stored; 3. database size per 100,000 requests.
int big = quick ? 20_000 : 100_000;
Console.WriteLine($"## Cache lookup and size ({big:N0} requests)");
Console.WriteLine();
Console.WriteLine("| Stored answers | Lookup, hit (µs) | Lookup, miss (µs) |");
Console.WriteLine("|---:|---:|---:|");
string cachePath = Path.Combine(work, "cache.db");
var cache = RunJournal.Open(cachePath);
var journalOnly = RunJournal.Open(Path.Combine(work, "journal-only.db"));
int filled = 0;
foreach (int size in new[] { 1_000, big })
{
    for (; filled < size; filled++)
    {
        cache.Write(Row(filled, withAnswer: true), Answer(filled));
        journalOnly.Write(Row(filled, withAnswer: false));
    }

    var random = new Random(size);
    int lookups = quick ? 2000 : 10000;
    long h = Stopwatch.GetTimestamp();
    for (int i = 0; i < lookups; i++)
    {
        _ = cache.FindAnswer(KeyOf(random.Next(size))) ?? throw new InvalidOperationException("a stored answer was not found");
    }

    double hit = Stopwatch.GetElapsedTime(h).TotalMicroseconds / lookups;
    long m = Stopwatch.GetTimestamp();
    for (int i = 0; i < lookups; i++)
    {
        if (cache.FindAnswer(KeyOf(size + 1 + i)) is not null)
        {
            throw new InvalidOperationException("a missing answer was found");
        }
    }

    double miss = Stopwatch.GetElapsedTime(m).TotalMicroseconds / lookups;
    Console.WriteLine($"| {size:N0} | {hit:N1} | {miss:N1} |");
}

// Fold the WAL in, so the file size is the database's.
cache.Clear(DateTimeOffset.UnixEpoch);
journalOnly.Clear(DateTimeOffset.UnixEpoch);
double scale = 100_000.0 / big;
Console.WriteLine();
Console.WriteLine("| Database | Size per 100,000 requests | Per request |");
Console.WriteLine("|---|---:|---:|");
Console.WriteLine($"| journal only (the default) | {journalOnly.SizeBytes * scale / 1048576:N1} MB | {journalOnly.SizeBytes / (double)big:N0} bytes |");
Console.WriteLine($"| journal + cached answers (-Cache) | {cache.SizeBytes * scale / 1048576:N1} MB | {cache.SizeBytes / (double)big:N0} bytes |");
Console.WriteLine();
Console.WriteLine("Rows: one image (path + SHA-256), a 60-character prompt, usage, cost, request id; cached answers: a 400-character answer.");

HistoryDatabase.Forget(cachePath);
Directory.Delete(work, recursive: true);

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted[sorted.Length / 2];
}

static string KeyOf(int i) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))).ToLowerInvariant();

static JournalEntry Row(int i, bool withAnswer) => new()
{
    Time = DateTimeOffset.UtcNow,
    Run = "bench" + (i / 100),
    Command = "Invoke-VisionChat",
    Profile = "work",
    BaseUrl = "https://api.openai.com/v1/",
    Model = "gpt-4o-2024-08-06",
    Images = [new JournalImage($"/home/ana/photos/2026/holiday/IMG_{i:D6}.jpg", KeyOf(-i - 1))],
    Prompt = "Describe the photo in one sentence and list the people in it.",
    PromptHash = KeyOf(7),
    PromptTokens = 1105,
    CompletionTokens = 92,
    TotalTokens = 1197,
    Cost = 0.003682m,
    Currency = "USD",
    Duration = TimeSpan.FromMilliseconds(2315),
    TimeToFirstToken = TimeSpan.FromMilliseconds(640),
    RequestId = "req_" + KeyOf(i)[..32],
    FinishReason = "stop",
    CacheKey = withAnswer ? KeyOf(i) : null,
};

static CachedAnswer Answer(int i) => new(
    new ChatCompletion
    {
        Id = "chatcmpl-" + KeyOf(i)[..29],
        Model = "gpt-4o-2024-08-06",
        Choices = [new ChatChoice { Index = 0, FinishReason = "stop", Message = new ChatDelta { Content = new string('x', 400) } }],
        Usage = new WireUsage { PromptTokens = 1105, CompletionTokens = 92, TotalTokens = 1197 },
    },
    "req_" + KeyOf(i)[..32],
    0.003682m,
    "USD",
    DateTimeOffset.UtcNow);

static string FindImage()
{
    for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
    {
        string candidate = Path.Combine(dir, "..", "shared", "testdata", "images", "jpeg", "baseline_420_227x149.jpg");
        if (File.Exists(Path.Combine(dir, "VisionPS.sln")) && File.Exists(candidate))
        {
            return Path.GetFullPath(candidate);
        }
    }

    throw new FileNotFoundException("../shared/testdata/images/jpeg/baseline_420_227x149.jpg next to the repository");
}
