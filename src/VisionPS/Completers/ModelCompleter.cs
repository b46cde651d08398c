using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using VisionPS.Core.Chat;
using VisionPS.Core.Models;

namespace VisionPS.Completers;

/// <summary>
/// Completes -Model from the catalog and from the provider list Get-VisionModel cached for the base URL in use
/// (-BaseUrl as typed, else the environment's). Never calls the provider: completion must stay instant.
/// </summary>
public sealed class ModelCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
        IEnumerable<string> ids = ModelCatalog.BuiltIn.All.Select(m => m.Id);
        if (CachedLiveIds(fakeBoundParameters) is { } live)
        {
            ids = live.Concat(ids);
        }

        return ids
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(id => id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(id => new CompletionResult(Quote(id), id, CompletionResultType.ParameterValue, id));
    }

    private static IReadOnlyList<string>? CachedLiveIds(IDictionary bound)
    {
        try
        {
            string? baseUrl = bound?["BaseUrl"] as string;
            Connection connection = Connection.Resolve(baseUrl, null, Environment.GetEnvironmentVariable, requireKey: false);
            return LiveModelCache.TryGet(connection.BaseUrl);
        }
        catch (Exception)
        {
            // A half-typed -BaseUrl is not an error while completing.
            return null;
        }
    }

    private static string Quote(string id) => id.IndexOfAny([' ', '\'', '"', '$', '`', ';', '(', ')', '{', '}', ',', '@', '#']) >= 0 ? $"'{id.Replace("'", "''")}'" : id;
}
