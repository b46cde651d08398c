using SharpFuzz;
using VisionPS.Imaging.Fuzz;

// afl-fuzz runs this once per target: dotnet VisionPS.Imaging.Fuzz.dll <target> (see fuzz/run.sh).
if (args.Length != 1)
{
    Console.Error.WriteLine($"usage: VisionPS.Imaging.Fuzz <target>; targets: {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}

Action<byte[]> target = FuzzTargets.For(args[0]);
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
