using System.Collections.ObjectModel;
using System.Management.Automation;

namespace VisionPS.Host.Tests.Hosting;

/// <summary>Everything one script wrote: each stream's records, and the terminating error if it ended with one.</summary>
public sealed class HostedRun
{
    public required IReadOnlyList<PSObject> Output { get; init; }

    public required IReadOnlyList<ErrorRecord> Errors { get; init; }

    public required IReadOnlyList<WarningRecord> Warnings { get; init; }

    public required IReadOnlyList<VerboseRecord> Verbose { get; init; }

    public required IReadOnlyList<InformationRecord> Information { get; init; }

    public required IReadOnlyList<ProgressRecord> Progress { get; init; }

    /// <summary>The terminating error, when the script did not run to its end.</summary>
    public ErrorRecord? Terminating { get; init; }

    /// <summary>What the host shows (PSHOST information records), joined as Write-Host would print it.</summary>
    public string HostText => string.Concat(Information
        .Where(i => i.Tags.Contains("PSHOST"))
        .Select(i => i.MessageData is HostInformationMessage m ? m.Message + (m.NoNewLine == true ? string.Empty : "\n") : i.MessageData + "\n"));

    public IEnumerable<T> OutputOf<T>() => Output.Select(o => o.BaseObject).OfType<T>();

    /// <summary>Every record of every stream as text: the place a leaked secret would show.</summary>
    public IEnumerable<string> AllText() =>
        Output.Select(o => o.ToString())
            .Concat(Errors.SelectMany(ErrorText))
            .Concat(Terminating is null ? [] : ErrorText(Terminating))
            .Concat(Warnings.Select(w => w.Message))
            .Concat(Verbose.Select(v => v.Message))
            .Concat(Information.Select(i => i.MessageData?.ToString() ?? string.Empty))
            .Concat(Progress.Select(p => $"{p.Activity} {p.StatusDescription} {p.CurrentOperation}"));

    internal static HostedRun From(PowerShell shell, Collection<PSObject> output, ErrorRecord? terminating) => new()
    {
        Output = output.Where(o => o is not null).ToList(),
        Errors = shell.Streams.Error.ToList(),
        Warnings = shell.Streams.Warning.ToList(),
        Verbose = shell.Streams.Verbose.ToList(),
        Information = shell.Streams.Information.ToList(),
        Progress = shell.Streams.Progress.ToList(),
        Terminating = terminating,
    };

    private static IEnumerable<string> ErrorText(ErrorRecord error) =>
        [error.ToString(), error.Exception?.ToString() ?? string.Empty, error.ErrorDetails?.Message ?? string.Empty, error.ErrorDetails?.RecommendedAction ?? string.Empty, error.TargetObject?.ToString() ?? string.Empty];
}
