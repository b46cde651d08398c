using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using VisionPS.Core.Images;

namespace VisionPS.Completers;

/// <summary>Offers the known detail levels; any other word is still accepted.</summary>
public sealed class DetailCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        ImageDetail.Known
            .Where(d => d.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
            .Select(d => new CompletionResult(d, d, CompletionResultType.ParameterValue, d));
}
