namespace VisionPS.Imaging.Jpeg;

/// <summary>A scan header (SOS): the components it carries and, for progressive scans, the spectral band and bit position.</summary>
internal sealed record JpegScan(JpegComponent[] Components, int SpectralStart, int SpectralEnd, int BitHigh, int BitLow);
