using System.Text;

namespace VisionPS.Host.Tests.Matrix;

/// <summary>One HTTP request as it crossed a <see cref="LoopbackRelay"/>: request line, headers and body bytes.</summary>
public sealed record RelayedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>True when the request carried <paramref name="key"/> anywhere: a header (Authorization, api-key, …) or the body.</summary>
    public bool Carries(string key) =>
        Headers.Values.Any(v => v.Contains(key, StringComparison.Ordinal))
        || Encoding.UTF8.GetString(Body).Contains(key, StringComparison.Ordinal);

    public string BodyText => Encoding.UTF8.GetString(Body);

    public override string ToString() => $"{Method} {Target}";
}
