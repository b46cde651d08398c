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
    /// Reads and prepares one input here, on the pipeline thread, writing its warnings and preparation summaries: its
    /// image, or a document's pages or a video's frames in order; null (and the error written) when it cannot be read.
    /// </summary>
    public IReadOnlyList<ImagePart>? Load(PendingImage pending)
    {
        ImageInput input = pending.Load();
        if (!input.Succeeded)
        {
            _cmdlet.Report(input.Error!, input.Target);
            return null;
        }

        foreach (ImagePart part in input.Parts)
        {
            ImageReport.Write(part, _cmdlet.WriteWarning, _cmdlet.WriteVerbose);
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
                if (Load(pending) is not { } loaded)
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
        bool wroteText = false, streamed = false;
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

            if (!_cmdlet.ShouldProcess(_pipeline.Describe(call), $"Send a request to {call.Request.Model}?", _activity))
            {
                _pipeline.RecordPlanned(call);
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
                text => { wroteText = streamed = true; WriteHost(text, newLine: false); },
                notice => { EndLine(ref wroteText); _cmdlet.WriteVerbose(notice.ToString()); },
                _cmdlet.StopRequested));
            if (streamed && HostShowsInformation())
            {
                result = result.AsStreamedToHost();
            }

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

        // The run journal's rows are written in the background; the command ends once they are in.
        _pipeline.History.Flush();
        foreach (string warning in _pipeline.History.TakeWarnings())
        {
            _cmdlet.WriteWarning(warning);
        }

        // -WhatIf with the cache: how much of the run the cache answers and what is left to pay.
        if (_pipeline.History.UsesCache && _pipeline.PlanSummary() is { } plan)
        {
            WriteHost("What if: " + plan, newLine: true);
        }

        if (_pipeline.History.FromCache > 0)
        {
            _cmdlet.WriteVerbose($"{_pipeline.History.FromCache} answer(s) came from the cache (nothing sent, nothing paid).");
        }
    }

    /// <summary>From StopProcessing (another thread).</summary>
    public void Cancel() => _batch?.Cancel();

    public void Dispose()
    {
        _batch?.Dispose();

        // Stopped (Ctrl+C) or failed: Finish did not run, and the rows of the requests that were answered still go in.
        _pipeline.History.Flush();
    }

    // Runs on a batch worker: everything it reports goes through the batch's queues.
    private ChatCall PrepareOnWorker(IReadOnlyList<PendingImage> images, Func<IReadOnlyList<ImagePart>, ChatCall> build)
    {
        var parts = new List<ImagePart>(images.Count);
        foreach (PendingImage pending in images)
        {
            ImageInput input = pending.Load();
            if (!input.Succeeded)
            {
                ExceptionDispatchInfo.Throw(input.Error!);
                throw input.Error!;
            }

            foreach (ImagePart part in input.Parts)
            {
                ImageReport.Write(part, _batch!.Warn, _batch!.Verbose);
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

    // PSHOST records show unless -InformationAction SilentlyContinue/Ignore (or $InformationPreference = 'Ignore')
    // silenced them, as with Write-Host; then the view must still print the text.
    private bool HostShowsInformation()
    {
        if (_cmdlet.MyInvocation.BoundParameters.TryGetValue("InformationAction", out object? bound))
        {
            return !IsSilent(bound);
        }

        return !(_cmdlet.SessionState.PSVariable.GetValue("InformationPreference") is ActionPreference.Ignore);

        static bool IsSilent(object? value) =>
            LanguagePrimitives.TryConvertTo(value, out ActionPreference action) && action is ActionPreference.SilentlyContinue or ActionPreference.Ignore;
    }

    // Write-Host's way: an information record tagged PSHOST, so -InformationAction Ignore silences it and 6> captures it.
    private void WriteHost(string text, bool newLine) =>
        _cmdlet.WriteInformation(new HostInformationMessage { Message = text, NoNewLine = !newLine }, HostTags);
}
