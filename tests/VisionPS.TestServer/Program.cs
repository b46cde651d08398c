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

await using VisionTestServer server = await VisionTestServer.StartAsync(commandLine.Options, commandLine.Urls, consoleHost: true, CancellationToken.None);
Console.WriteLine(CommandLine.Banner(server.BaseUrl, server.ApiKey, commandLine.KeyGivenOnCommandLine));
await server.WaitForShutdownAsync();
return 0;
