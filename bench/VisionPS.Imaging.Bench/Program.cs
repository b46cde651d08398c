using System.Buffers;
using Microsoft.Win32.SafeHandles;
using System.Runtime.Intrinsics.X86;
using VisionPS.Imaging;
using VisionPS.Imaging.Bench;

// Imaging benchmark (issue 3 point 7, beside the imaging layer since issue 11 point 5).
// Run: dotnet run -c Release --project bench/VisionPS.Imaging.Bench [-- --rounds N]
// Needs ImageMagick and libjpeg-turbo-progs (apt-get install imagemagick libjpeg-turbo-progs) and ../shared.
int rounds = args.Length == 2 && args[0] == "--rounds" ? int.Parse(args[1]) : 9;
string root = FindRoot();
string shared = Path.GetFullPath(Path.Combine(root, "..", "shared"));
foreach (string tool in new[] { "djpeg", "cjpeg", "convert", "identify" })
{
    if (!Shell.Has(tool))
    {
        Console.Error.WriteLine($"'{tool}' is missing: apt-get install imagemagick libjpeg-turbo-progs");
        return 1;
    }
}

string work = Path.Combine(Path.GetTempPath(), "visionps-bench");
Inputs inputs = Inputs.Make(shared, work);
string output = Path.Combine(work, "out.jpg");
Console.WriteLine($"# VisionPS imaging benchmark — {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, AVX2 {Avx2.IsSupported}, {rounds} interleaved rounds, medians; " +
    $"{inputs.TwelveMegapixel.Count} photos of 4000x3000 (4:2:0, q90, {inputs.TwelveMegapixel.Average(f => new FileInfo(f).Length) / 1e6:0.0} MB on average).");
Console.WriteLine();

Report("(a) 12 MP JPEG -> 512 px JPEG (detail low)", Measure.Interleaved(
    rounds,
    ("VisionPS (in process)", () => Each(f => Prepare(f, 512))),
    ("djpeg -scale 1/8 | cjpeg -quality 85", () => Each(f => Shell.Run($"djpeg -scale 1/8 {Shell.Quote(f)} | cjpeg -quality 85 > {Shell.Quote(output)}"))),
    ("convert -define jpeg:size=1024x1024 -resize 512x512", () => Each(f => Shell.Run($"convert -define jpeg:size=1024x1024 {Shell.Quote(f)} -resize 512x512 -quality 85 {Shell.Quote(output)}")))));

Report("(b) 12 MP JPEG -> 2048 px JPEG", Measure.Interleaved(
    rounds,
    ("VisionPS (in process)", () => Each(f => Prepare(f, 2048))),
    ("djpeg -scale 1/2 | cjpeg -quality 85 (2000 px)", () => Each(f => Shell.Run($"djpeg -scale 1/2 {Shell.Quote(f)} | cjpeg -quality 85 > {Shell.Quote(output)}"))),
    ("convert -define jpeg:size=2048x2048 -resize 2048x2048", () => Each(f => Shell.Run($"convert -define jpeg:size=2048x2048 {Shell.Quote(f)} -resize 2048x2048 -quality 85 {Shell.Quote(output)}")))));

string list = Path.Combine(work, "identify-list.txt");
File.WriteAllLines(list, inputs.IdentifySet);
Report("(c) identify 1,000 files (format, size)", Measure.Interleaved(
    Math.Max(3, rounds / 3),
    ("VisionPS ImageIdentifier (in process)", () => { foreach (string f in inputs.IdentifySet) { using var s = File.OpenRead(f); ImageIdentifier.Identify(s); } }),
    ("xargs identify -ping (1,000 files, few processes)", () => Shell.Run($"xargs -a {Shell.Quote(list)} identify -ping > /dev/null"))));

// (d) memory of one (a) conversion, measured after a full collection.
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
Prepare(inputs.TwelveMegapixel[0], 512);
long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
GCMemoryInfo info = GC.GetGCMemoryInfo(GCKind.Any);
Console.WriteLine("(d) managed memory for one (a) conversion");
Console.WriteLine($"    allocated: {allocated / 1048576.0:0.0} MiB (file {new FileInfo(inputs.TwelveMegapixel[0]).Length / 1048576.0:0.0} MiB); " +
    $"heap before {heapBefore / 1048576.0:0.0} MiB, GC heap after last GC {info.HeapSizeBytes / 1048576.0:0.0} MiB, process peak working set {Environment.WorkingSet / 1048576.0:0} MiB");
return 0;

void Each(Action<string> run)
{
    foreach (string file in inputs.TwelveMegapixel)
    {
        run(file);
    }
}

// The file read into a pooled buffer, as Core's ImagePartFactory reads it.
void Prepare(string file, int box)
{
    using SafeFileHandle handle = File.OpenHandle(file);
    int length = (int)RandomAccess.GetLength(handle);
    byte[] rented = ArrayPool<byte>.Shared.Rent(length);
    try
    {
        int read = RandomAccess.Read(handle, rented.AsSpan(0, length), 0);
        File.WriteAllBytes(output, Conversion.ToJpegBox(BuiltInImageEngine.Instance, rented.AsSpan(0, read), box, quality: 85));
    }
    finally
    {
        ArrayPool<byte>.Shared.Return(rented);
    }
}

static void Report(string title, IReadOnlyList<(string Name, double MedianMs)> results)
{
    double ours = results[0].MedianMs;
    Console.WriteLine(title);
    foreach (var (name, ms) in results)
    {
        Console.WriteLine($"    {name,-58} {ms,9:0.0} ms   {(ms / ours),5:0.00}x VisionPS's time");
    }

    Console.WriteLine();
}

static string FindRoot()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
    {
        if (File.Exists(Path.Combine(d.FullName, "VisionPS.sln")))
        {
            return d.FullName;
        }
    }

    throw new DirectoryNotFoundException("VisionPS.sln not found above " + AppContext.BaseDirectory);
}
