using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace VisionPS.Completers;

/// <summary>Offers -Tile's words and a few counts; any count from 1 to 32 is accepted.</summary>
public sealed class TileCompleter : IArgumentCompleter
{
    private static readonly string[] Values = ["auto", "off", "2", "3", "4", "6", "8"];

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Values
            .Where(v => v.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
            .Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, v));
}
