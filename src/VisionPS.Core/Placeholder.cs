namespace VisionPS.Core;
internal static class Placeholder { }
