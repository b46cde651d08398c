using System.Net;
using System.Text;

namespace VisionPS.Core.Tests.Fakes;

/// <summary>Plays back scripted responses in order and records the requests (with their bodies) it received.</summary>
internal sealed class FakeHttpMessageHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _responses = new();

    public List<(HttpRequestMessage Request, string? Body)> Requests { get; } = [];

    public FakeHttpMessageHandler Respond(Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        _responses.Enqueue(respond);
        return this;
    }

    public FakeHttpMessageHandler RespondStream(Stream body, HttpStatusCode status = HttpStatusCode.OK) => Respond(_ => new HttpResponseMessage(status)
    {
        Content = new StreamContent(body) { Headers = { ContentType = new("text/event-stream") } },
        Headers = { { "x-request-id", "req_fake" } },
    });

    public FakeHttpMessageHandler RespondSse(string sse) => RespondStream(new MemoryStream(Encoding.UTF8.GetBytes(sse)));

    public FakeHttpMessageHandler RespondJson(string json, HttpStatusCode status = HttpStatusCode.OK, params (string Name, string Value)[] headers) => Respond(_ =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        if (_responses.Count == 0)
        {
            throw new InvalidOperationException("No scripted response left.");
        }

        var response = _responses.Dequeue()(request);
        response.RequestMessage = request;
        return response;
    }
}
