using VisionPS.Core.Chat;
using VisionPS.Core.Tests.Fakes;
using VisionPS.Core.Tests.Http;

namespace VisionPS.Core.Tests.Chat;

public class SynchronousPumpTests
{
    [Fact]
    public void Run_StreamedTextCallbacksRunOnTheCallingThread()
    {
        var handler = new FakeHttpMessageHandler().RespondStream(new ScriptedStream(SseBodies.Utf8(SseBodies.Build()), _ => 1));
        var runner = new ChatRunner(Clients.Create(handler));
        int caller = Environment.CurrentManagedThreadId;
        var threads = new HashSet<int>();

        ChatResult result = SynchronousPump.Run(() => runner.RunAsync(Clients.Call(), _ => threads.Add(Environment.CurrentManagedThreadId)));

        Assert.Equal(SseBodies.ExpectedText, result.Text);
        Assert.Equal([caller], threads);
    }

    [Fact]
    public void Run_ExceptionsSurfaceAsThemselves()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SynchronousPump.Run<int>(async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("boom", ex.Message);
    }

    [Fact]
    public void Run_RestoresThePreviousContext()
    {
        SynchronizationContext? before = SynchronizationContext.Current;

        SynchronousPump.Run(async () => await Task.Yield());

        Assert.Same(before, SynchronizationContext.Current);
    }
}
