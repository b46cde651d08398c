using System.Management.Automation;

namespace VisionPS.Internal;

/// <summary>
/// -Conversation accepts a ChatResult, a Conversation, what ConvertFrom-Json made of a saved conversation, or the
/// JSON text itself.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class ConversationTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? bare = inputData is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : inputData;
        return bare switch
        {
            null => null,
            Conversation conversation => conversation,
            ChatResult result => Of(result),
            string json => Conversation.FromJson(json),
            PSObject custom => Conversation.FromJson(PowerShellJson.ToNode(custom)!.ToJsonString()),
            _ => throw new ArgumentTransformationMetadataException($"-Conversation takes a ChatResult, a Conversation or a saved conversation (ConvertFrom-Json), not {bare.GetType().FullName}."),
        };
    }

    public static Conversation Of(ChatResult result) => result.Conversation ?? Conversation.FromWire(result.Messages, result.Model);

    /// <summary>
    /// A piped object that carries a conversation to continue: a Conversation, or anything with a Conversation property
    /// (a ChatResult saved with ConvertTo-Json -Depth 8 and read back with ConvertFrom-Json, a Select-Object of one).
    /// </summary>
    public static bool TryFromPiped(object? piped, out Conversation conversation)
    {
        conversation = null!;
        object? bare = piped is PSObject pso ? pso.BaseObject : piped;
        if (bare is Conversation live)
        {
            conversation = live;
            return true;
        }

        if (bare is not PSCustomObject || piped is not PSObject custom || custom.Properties["Conversation"]?.Value is not { } saved)
        {
            return false;
        }

        conversation = (Conversation)new ConversationTransformationAttribute().Transform(null!, saved)!;
        return true;
    }
}
