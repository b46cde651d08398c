using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace VisionPS.TestServer;

/// <summary>
/// Kestrel connection middleware that puts a <see cref="CuttablePipeWriter"/> in front of every connection's output
/// and lets request handlers find it through the connection items.
/// </summary>
internal static class ConnectionCutter
{
    private const string ItemKey = "VisionPS.TestServer.CuttablePipeWriter";

    public static async Task RunAsync(ConnectionContext connection, Func<Task> next)
    {
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            await next().ConfigureAwait(false); // not a socket transport: CutAsync falls back to Abort
            return;
        }

        IDuplexPipe original = connection.Transport;
        var output = new CuttablePipeWriter(original.Output, socket);
        connection.Transport = new Pipe(original.Input, output);
        connection.Items[ItemKey] = output;
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            connection.Transport = original;
        }
    }

    /// <summary>Ends the response after the bytes flushed so far (FIN, not RST); falls back to Abort.</summary>
    public static async Task CutAsync(HttpContext context)
    {
        if (context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out object? item) == true
            && item is CuttablePipeWriter writer)
        {
            await writer.CutAsync().ConfigureAwait(false);
        }
        else
        {
            context.Abort();
        }
    }

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
