using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using VisionPS.Core.Chat;
using VisionPS.Core.Models;
using VisionPS.Core.Providers;

namespace VisionPS.Completers;

/// <summary>
/// Completes -Model from the catalog, the profile's model, and the provider list Get-VisionModel cached for the
/// connection the command would use (the one connection step: -Provider, -BaseUrl, the default profile, the
/// environment). Never calls the provider and reads no key: completion must stay instant and quiet.
/// </summary>
public sealed class ModelCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
        IEnumerable<string> ids = ModelCatalog.BuiltIn.All.Select(m => m.Id);
        if (ConnectionOf(fakeBoundParameters) is { } connection)
        {
            ids = (LiveModelCache.TryGet(connection.BaseUrl) ?? []).Concat(ids);
            if (connection.Profile?.Model is { } saved)
            {
                ids = ids.Prepend(saved);
            }
        }

        return ids
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(id => id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(id => new CompletionResult(Quote(id), id, CompletionResultType.ParameterValue, id));
    }

    private static Connection? ConnectionOf(IDictionary bound)
    {
        try
        {
            return Connection.Resolve(new ConnectionRequest
            {
                BaseUrl = bound?["BaseUrl"] as string,
                ProviderName = bound?["Provider"] as string,
                FindProfile = ProviderStore.ForUser(Environment.GetEnvironmentVariable).Find,
                Environment = Environment.GetEnvironmentVariable,
                RequireKey = false,
            });
        }
        catch (Exception)
        {
            // A half-typed -BaseUrl or -Provider is not an error while completing.
            return null;
        }
    }

    private static string Quote(string id) => id.IndexOfAny([' ', '\'', '"', '$', '`', ';', '(', ')', '{', '}', ',', '@', '#']) >= 0 ? $"'{id.Replace("'", "''")}'" : id;
}
