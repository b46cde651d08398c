// Hand runs: dotnet run --project tests/VisionPS.TestServer -- --urls http://127.0.0.1:5199 [--api-key KEY | --any-key]
using VisionPS.TestServer;

CommandLine commandLine;
try
{
    commandLine = CommandLine.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

VisionTestServer server;
try
{
    server = await VisionTestServer.StartAsync(commandLine.Options, commandLine.Urls, consoleHost: true, CancellationToken.None);
}
catch (IOException e)
{
    // Typically the port is taken: say so in one line instead of a stack trace.
    Console.Error.WriteLine($"The test server could not start: {e.Message} Pick another port with --urls, or http://127.0.0.1:0 for a free one.");
    return 1;
}

await using VisionTestServer running = server;
Console.WriteLine(CommandLine.Banner(server.BaseUrl, server.ApiKey, commandLine.KeyGivenOnCommandLine));
await server.WaitForShutdownAsync();
return 0;
