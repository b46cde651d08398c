using System.Management.Automation;
using System.Net;
using System.Security;

namespace VisionPS.Internal;

/// <summary>Lets -ApiKey take a plain string as well as a SecureString.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
        return value is string text ? new NetworkCredential(string.Empty, text).SecurePassword : value;
    }
}
