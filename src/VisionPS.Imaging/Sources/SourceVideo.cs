namespace VisionPS.Imaging.Sources;

/// <summary>
/// What a video source learned about the whole clip its frames came from, so that a server which takes the video
/// itself (vLLM's <c>video_url</c>) can be sent the file and its tokens estimated by the server's own sampling.
/// </summary>
/// <param name="MimeType">video/mp4, video/quicktime, video/webm, video/x-matroska or video/x-msvideo, from the bytes.</param>
/// <param name="Duration">The clip's length; zero when ffprobe gives none.</param>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="FrameRate">Frames per second of the video stream; null when unknown.</param>
/// <param name="FrameCount">Frames in the video stream (ffprobe nb_frames, else duration × rate); null when unknown.</param>
public sealed record SourceVideo(string MimeType, TimeSpan Duration, int Width, int Height, double? FrameRate, long? FrameCount);
