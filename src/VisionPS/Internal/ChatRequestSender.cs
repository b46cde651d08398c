using System.Management.Automation;
using System.Runtime.ExceptionServices;
using VisionPS.Commands;
using VisionPS.Core.Chat;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Tokens;

namespace VisionPS.Internal;

/// <summary>
/// The PowerShell side of <see cref="ChatPipeline"/>, shared by every chat cmdlet: -RequestBodyOnly, warnings,
/// ShouldProcess, the cost check, then either one request at a time (its answer streamed to the host) or a batch
/// (-ThrottleLimit above 1). A cmdlet calls <see cref="Send(Func{ChatCall}, object, Func{ChatResult, object})"/>
/// or <see cref="Send(IReadOnlyList{PendingImage}, Func{IReadOnlyList{ImagePart}, ChatCall}, object, Func{ChatResult, object})"/>
/// per request and <see cref="Finish"/> once at the end. Every Write* happens on the pipeline thread.
/// </summary>
internal sealed class ChatRequestSender : IDisposable
{
    private static readonly string[] HostTags = ["PSHOST"];
    private readonly VisionChatCmdletBase _cmdlet;
    private readonly ChatPipeline _pipeline;
    private readonly ChatBatch? _batch;
    private readonly bool _requestBodyOnly;
    private readonly string _activity;

    // batch: run requests in parallel (-ThrottleLimit above 1; never with -WhatIf or -RequestBodyOnly).
    public ChatRequestSender(VisionChatCmdletBase cmdlet, string activity, ChatPipeline pipeline, bool requestBodyOnly, bool batch, int throttleLimit, bool preserveOrder)
    {
        _cmdlet = cmdlet;
        _activity = activity;
        _pipeline = pipeline;
        _requestBodyOnly = requestBodyOnly;
        if (batch)
        {
            _batch = new ChatBatch(cmdlet, activity, pipeline, throttleLimit, preserveOrder, pipeline.Counters, cmdlet.Report);
        }
    }

    /// <summary>True when requests run in parallel and images are best read on the workers.</summary>
    public bool IsBatch => _batch is not null;

    /// <summary>
    /// Reads and prepares one image here, on the pipeline thread, writing its warnings and preparation summary;
    /// null (and the error written) when it cannot be read.
    /// </summary>
    public ImagePart? Load(PendingImage pending) => LoadAll(pending) is [var part, ..] ? part : null;

    /// <summary>
    /// Like <see cref="Load"/>, for an input that may become several parts (a split document's tiles); empty (and the
    /// error written) when it cannot be read.
    /// </summary>
    public IReadOnlyList<ImagePart> LoadAll(PendingImage pending)
    {
        ImageInput input = pending.Load();
        if (input.Error is not null)
        {
            _cmdlet.Report(input.Error, input.Target);
            return [];
        }

        foreach (ImagePart part in input.Parts)
        {
            foreach (string warning in part.Warnings)
            {
                _cmdlet.WriteWarning(warning);
            }

            _cmdlet.WriteVerbose(PreparationSummary.Of(part));
        }

        return input.Parts;
    }

    /// <summary>
    /// One request whose images are read where it runs: on a worker in a batch, here otherwise. An image that cannot
    /// be read fails the request, with <paramref name="target"/> as the error's target.
    /// </summary>
    public void Send(IReadOnlyList<PendingImage> images, Func<IReadOnlyList<ImagePart>, ChatCall> build, object target, Func<ChatResult, object> shape)
    {
        if (_batch is null)
        {
            var parts = new List<ImagePart>(images.Count);
            foreach (PendingImage pending in images)
            {
                if (LoadAll(pending) is not { Count: > 0 } loaded)
                {
                    return;
                }

                parts.AddRange(loaded);
            }

            Send(() => build(parts), target, shape);
            return;
        }

        _batch.Post(() => PrepareOnWorker(images, build), target, shape);
    }

    /// <summary>One request built here, on the pipeline thread (its images already read).</summary>
    public void Send(Func<ChatCall> build, object target, Func<ChatResult, object> shape)
    {
        bool wroteText = false;
        try
        {
            ChatCall call = build();
            if (_requestBodyOnly)
            {
                _cmdlet.WriteObject(call.ToJson());
                return;
            }

            foreach (string warning in _pipeline.Warnings(call))
            {
                _cmdlet.WriteWarning(warning);
            }

            if (!_cmdlet.ShouldProcess(CallPreview.Describe(call), $"Send a request to {call.Request.Model}?", _activity))
            {
                return;
            }

            _pipeline.Charge(call);
            _cmdlet.WriteVerbose(ChatVerbose.Sending(call, _pipeline.Endpoint));
            if (_batch is not null)
            {
                _batch.Post(() => call, target, shape);
                return;
            }

            ChatResult result = SynchronousPump.Run(() => _pipeline.RunAsync(
                call,
                text => { wroteText = true; WriteHost(text, newLine: false); },
                notice => { EndLine(ref wroteText); _cmdlet.WriteVerbose(notice.ToString()); },
                _cmdlet.StopRequested));
            EndLine(ref wroteText);
            _cmdlet.WriteVerbose(ChatVerbose.Received(result));
            object output = shape(result);
            _pipeline.RecordAnswered();
            _cmdlet.WriteObject(output);
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            EndLine(ref wroteText);
            _pipeline.RecordFailed();
            _cmdlet.Report(ex, target);
        }
    }

    /// <summary>Waits for a batch (progress completion and summary); a sequential run of several requests gets the same summary.</summary>
    public void Finish()
    {
        if (_batch is not null)
        {
            _batch.Finish();
        }
        else if (_pipeline.Finished > 1)
        {
            _cmdlet.WriteVerbose(_pipeline.Summary().ToString());
        }
    }

    /// <summary>From StopProcessing (another thread).</summary>
    public void Cancel() => _batch?.Cancel();

    public void Dispose() => _batch?.Dispose();

    // Runs on a batch worker: everything it reports goes through the batch's queues.
    private ChatCall PrepareOnWorker(IReadOnlyList<PendingImage> images, Func<IReadOnlyList<ImagePart>, ChatCall> build)
    {
        var parts = new List<ImagePart>(images.Count);
        foreach (PendingImage pending in images)
        {
            ImageInput input = pending.Load();
            if (input.Error is not null)
            {
                ExceptionDispatchInfo.Throw(input.Error);
                throw input.Error;
            }

            foreach (ImagePart part in input.Parts)
            {
                foreach (string warning in part.Warnings)
                {
                    _batch!.Warn(warning);
                }

                _batch!.Verbose(PreparationSummary.Of(part));
                parts.Add(part);
            }
        }

        ChatCall call = build(parts);
        foreach (string warning in _pipeline.Warnings(call))
        {
            _batch!.Warn(warning);
        }

        _pipeline.Charge(call);
        _batch!.Verbose(ChatVerbose.Sending(call, _pipeline.Endpoint));
        return call;
    }

    private void EndLine(ref bool wroteText)
    {
        if (wroteText)
        {
            wroteText = false;
            WriteHost(string.Empty, newLine: true);
        }
    }

    // Write-Host's way: an information record tagged PSHOST, so -InformationAction Ignore silences it and 6> captures it.
    private void WriteHost(string text, bool newLine) =>
        _cmdlet.WriteInformation(new HostInformationMessage { Message = text, NoNewLine = !newLine }, HostTags);
}
