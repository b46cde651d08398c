using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace VisionPS.Host.Tests.Hosting;

/// <summary>
/// A host that records what it is asked to show (What if: lines, prompts) and answers every ShouldProcess prompt with
/// one fixed choice, so -WhatIf and -Confirm can be tested without a console.
/// </summary>
public sealed class RecordingHost(string confirmAnswer = "No") : PSHost
{
    private readonly RecordingUserInterface _ui = new(confirmAnswer);

    public IReadOnlyList<string> Lines => _ui.Lines;

    /// <summary>The messages of the prompts answered, one per PromptForChoice call.</summary>
    public IReadOnlyList<string> Prompts => _ui.Prompts;

    public override string Name => "VisionPS.Host.Tests";

    public override Version Version => new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override void SetShouldExit(int exitCode)
    {
    }

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    private sealed class RecordingUserInterface(string confirmAnswer) : PSHostUserInterface
    {
        public List<string> Lines { get; } = [];

        public List<string> Prompts { get; } = [];

        public override PSHostRawUserInterface? RawUI => null;

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Prompts.Add(message);
            int index = choices.ToList().FindIndex(c => c.Label.Replace("&", string.Empty, StringComparison.Ordinal) == confirmAnswer);
            return index >= 0 ? index : throw new InvalidOperationException($"No choice '{confirmAnswer}' among {string.Join(", ", choices.Select(c => c.Label))}.");
        }

        public override void Write(string value) => Lines.Add(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Lines.Add(value);

        public override void WriteLine(string value) => Lines.Add(value);

        public override void WriteErrorLine(string value) => Lines.Add(value);

        public override void WriteDebugLine(string message) => Lines.Add(message);

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message) => Lines.Add(message);

        public override void WriteWarningLine(string message) => Lines.Add(message);

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();

        public override string ReadLine() => throw new NotSupportedException();

        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
    }
}
