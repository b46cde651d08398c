namespace VisionPS.HelpGen;

/// <summary>A help page the generator cannot read; the message names the file and what is missing.</summary>
internal sealed class HelpFormatException(string path, string problem)
    : Exception($"{path}: {problem}. See docs/help/Invoke-VisionChat.md for the layout (platyPS).");
