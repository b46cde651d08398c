namespace VisionPS.TestServer;

/// <summary>
/// Faults drawn at random (from a fixed seed) for requests that have no queued fault: the mix batch tests run
/// against. Probabilities are per request and add up to at most 1.
/// </summary>
/// <param name="Seed">Seed of the draw, so a run is repeatable.</param>
public sealed record FaultMix(int Seed)
{
    /// <summary>429 with <see cref="RetryAfter"/>.</summary>
    public double RateLimited { get; init; }

    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>500, 502 or 503 in turn.</summary>
    public double ServerError { get; init; }

    /// <summary>Connection cut after the second chunk of a streamed answer.</summary>
    public double CutStream { get; init; }

    /// <summary>Silence after the first chunk until the client gives up.</summary>
    public double Stall { get; init; }

    private static readonly int[] ServerErrors = [500, 502, 503];

    /// <summary>The fault for one request, or null; <paramref name="random"/> is the server's seeded generator.</summary>
    internal Fault? Draw(Random random)
    {
        double x = random.NextDouble();
        if ((x -= RateLimited) < 0)
        {
            return Fault.RateLimited(RetryAfter);
        }

        if ((x -= ServerError) < 0)
        {
            return Fault.Status(ServerErrors[random.Next(ServerErrors.Length)]);
        }

        if ((x -= CutStream) < 0)
        {
            return Fault.CutStream(afterChunks: 2);
        }

        return (x -= Stall) < 0 ? Fault.Stall(afterChunks: 1) : null;
    }
}
