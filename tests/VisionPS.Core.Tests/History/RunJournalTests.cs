using Microsoft.Data.Sqlite;
using VisionPS.Core.History;

namespace VisionPS.Core.Tests.History;

public sealed class RunJournalTests : IDisposable
{
    private readonly HistoryFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static JournalEntry Entry(string model = "gpt-4o", string source = "/photos/a.jpg", string? error = null, DateTimeOffset? time = null, decimal? cost = 0.001m, string run = "r1") => new()
    {
        Time = time ?? DateTimeOffset.UtcNow,
        Run = run,
        Command = "Invoke-VisionChat",
        Model = model,
        BaseUrl = "http://127.0.0.1/v1/",
        Images = [new JournalImage(source, new string('a', 64))],
        Prompt = "Describe",
        PromptHash = ChatHistory.Hash("Describe"),
        PromptTokens = 100,
        CompletionTokens = 20,
        TotalTokens = 120,
        Cost = cost,
        Currency = "USD",
        ErrorId = error,
    };

    [Fact]
    public void Write_ThenQuery_GivesTheRowBack()
    {
        RunJournal journal = RunJournal.Open(_dir.DbPath);
        journal.Write(Entry());

        HistoryEntry row = Assert.Single(journal.Query(new HistoryFilter()));

        Assert.Equal("gpt-4o", row.Model);
        Assert.Equal("/photos/a.jpg", row.Images);
        Assert.Equal(1, row.ImageCount);
        Assert.Equal(120, row.TotalTokens);
        Assert.Equal(0.001m, row.Cost);
        Assert.Equal("Describe", row.Prompt);
        Assert.False(row.FromCache);
    }

    [Fact]
    public void Query_Filters_ByModelSourceErrorTimeAndNewest()
    {
        RunJournal journal = RunJournal.Open(_dir.DbPath);
        DateTimeOffset old = DateTimeOffset.UtcNow.AddDays(-10);
        journal.Write(Entry(model: "gpt-4o", source: "/photos/cat.jpg", time: old));
        journal.Write(Entry(model: "gpt-4o-mini", source: "/scans/page1.png"));
        journal.Write(Entry(model: "qwen2.5-vl", source: "/photos/dog.jpg", error: "ApiRateLimited"));

        Assert.Equal(2, journal.Query(new HistoryFilter { Model = "gpt-4o*" }).Count);
        Assert.Equal(["/photos/cat.jpg", "/photos/dog.jpg"], journal.Query(new HistoryFilter { Source = "/PHOTOS/*" }).Select(r => r.Images));
        Assert.Equal("qwen2.5-vl", Assert.Single(journal.Query(new HistoryFilter { Failed = true })).Model);
        Assert.Single(journal.Query(new HistoryFilter { ErrorId = "Api*Limited" }));
        Assert.Equal(2, journal.Query(new HistoryFilter { After = DateTimeOffset.UtcNow.AddDays(-1) }).Count);
        Assert.Equal(["gpt-4o-mini", "qwen2.5-vl"], journal.Query(new HistoryFilter { Newest = 2 }).Select(r => r.Model));
    }

    [Fact]
    public void Clear_Before_RemovesOnlyOlderRowsAndAnswers()
    {
        RunJournal journal = RunJournal.Open(_dir.DbPath);
        journal.Write(Entry(time: DateTimeOffset.UtcNow.AddDays(-100)) with { CacheKey = "old" }, Answer(DateTimeOffset.UtcNow.AddDays(-100)));
        journal.Write(Entry() with { CacheKey = "new" }, Answer(DateTimeOffset.UtcNow));

        int removed = journal.Clear(DateTimeOffset.UtcNow.AddDays(-30));

        Assert.Equal(1, removed);
        Assert.Single(journal.Query(new HistoryFilter()));
        Assert.Null(journal.FindAnswer("old"));
        Assert.NotNull(journal.FindAnswer("new"));
    }

    private static CachedAnswer Answer(DateTimeOffset time) => new(
        new Protocol.ChatCompletion { Model = "gpt-4o", Choices = [new Protocol.ChatChoice { Message = new Protocol.ChatDelta { Content = "a cat" }, FinishReason = "stop" }] },
        "req_1",
        0.002m,
        "USD",
        time);

    [Fact]
    public void Open_ARandomFile_IsUnavailableWithAClearReason()
    {
        File.WriteAllBytes(_dir.DbPath, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251)).ToArray());

        var e = Assert.Throws<HistoryUnavailableException>(() => RunJournal.Open(_dir.DbPath));

        Assert.Contains("not a SQLite database", e.Message, StringComparison.Ordinal);
        Assert.Contains(_dir.DbPath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AnotherProgramsDatabase_IsUnavailable()
    {
        using (var other = new SqliteConnection($"Data Source={_dir.DbPath};Pooling=False"))
        {
            other.Open();
            using SqliteCommand create = other.CreateCommand();
            create.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)";
            create.ExecuteNonQuery();
        }

        var e = Assert.Throws<HistoryUnavailableException>(() => RunJournal.Open(_dir.DbPath));

        Assert.Contains("another program", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChatHistory_OnACorruptFile_WarnsOnceAndRecordsNothing()
    {
        File.WriteAllText(_dir.DbPath, "this is not a database, but it is long enough to have a header of its own ..............................");

        ChatHistory first = ChatHistory.Open(new HistoryOptions { Cache = true }, new Uri("http://127.0.0.1/v1/chat/completions"), null, _dir.Environment);
        ChatHistory second = ChatHistory.Open(new HistoryOptions(), new Uri("http://127.0.0.1/v1/chat/completions"), null, _dir.Environment);

        // The file is opened on first use: a cache lookup, a row.
        Assert.Null(first.Cached(Fakes.Clients.Call()));
        second.Record(Fakes.Clients.Call(), null, new HttpRequestException("refused"), TimeSpan.Zero);

        Assert.False(first.IsRecording);
        Assert.False(second.IsRecording);
        string warning = Assert.Single(first.TakeWarnings());
        Assert.Contains("goes on without the journal", warning, StringComparison.Ordinal);
        Assert.Contains(HistoryLocation.OffVariable, warning, StringComparison.Ordinal);
        Assert.Empty(second.TakeWarnings());
    }

    [Fact]
    public void ChatHistory_NothingAskedOrSent_CreatesNoFile()
    {
        ChatHistory history = ChatHistory.Open(new HistoryOptions { Cache = true }, new Uri("http://127.0.0.1/v1/chat/completions"), null, _dir.Environment);
        history.Flush();

        Assert.True(history.IsRecording);
        Assert.Empty(history.TakeWarnings());
        Assert.False(File.Exists(_dir.DbPath));
    }

    [Fact]
    public void Open_NoJournalVariable_TurnsItOff()
    {
        Assert.Null(HistoryLocation.Resolve(n => n == HistoryLocation.OffVariable ? "1" : null));
        Assert.NotNull(HistoryLocation.Resolve(n => n == HistoryLocation.OffVariable ? "0" : null));
    }

    [Fact]
    public void Location_FollowsTheConfigFolder()
    {
        string config = Path.Combine(_dir.Folder, "cfg");

        Assert.Equal(Path.Combine(config, "history.db"), HistoryLocation.Resolve(n => n == "VISIONPS_CONFIG_DIR" ? config : null));
    }

    [Fact]
    public void Files_AreReadableByTheUserOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        RunJournal journal = RunJournal.Open(Path.Combine(_dir.Folder, "new", "history.db"));
        journal.Write(Entry());

        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        foreach (string file in new[] { journal.Path, journal.Path + "-wal", journal.Path + "-shm" })
        {
            Assert.True(File.Exists(file), file + " exists (WAL mode)");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Equal(0, (int)(File.GetUnixFileMode(Path.GetDirectoryName(journal.Path)!) & others));
        HistoryDatabase.Forget(journal.Path);
    }

    [Fact]
    public void Open_AFileOthersCouldRead_IsMadePrivate()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.WriteAllBytes(_dir.DbPath, []);
        File.SetUnixFileMode(_dir.DbPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        RunJournal.Open(_dir.DbPath);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.DbPath));
    }

    [Fact]
    public async Task Write_FromManyThreadsAtOnce_LosesNoRow()
    {
        RunJournal journal = RunJournal.Open(_dir.DbPath);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                journal.Write(Entry(run: "t" + t));
            }
        })));

        Assert.Equal(800, journal.Query(new HistoryFilter()).Count);
    }

    [Fact]
    public void CostReport_GroupsAndKeepsCacheApart()
    {
        RunJournal journal = RunJournal.Open(_dir.DbPath);
        journal.Write(Entry(run: "a", cost: 0.5m));
        journal.Write(Entry(run: "a", cost: 0.25m));
        journal.Write(Entry(run: "b", cost: 0m) with { FromCache = true });

        IReadOnlyList<HistoryCostGroup> groups = HistoryCostReport.Group(journal.Query(new HistoryFilter()), "run");

        Assert.Equal(2, groups.Count);
        Assert.Equal((2, 0, 0.75m, 200L), (groups[0].Requests, groups[0].FromCache, groups[0].Cost!.Value, groups[0].PromptTokens));
        Assert.Equal((0, 1, 0m, 0L), (groups[1].Requests, groups[1].FromCache, groups[1].Cost!.Value, groups[1].PromptTokens));
    }
}
