namespace VisionPS.TestServer;

/// <summary>One chat request as it arrived.</summary>
/// <param name="Body">The request body, decoded as UTF-8.</param>
/// <param name="Headers">Request headers (case-insensitive keys; repeated values joined with ", "), Authorization included as received.</param>
/// <param name="Status">HTTP status the server answered (0 while still undecided, e.g. during a Delay fault).</param>
public sealed record ReceivedRequest(string Body, IReadOnlyDictionary<string, string> Headers, int Status);
