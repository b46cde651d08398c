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
}
