namespace VisionPS.Host.Tests.Hosting;

/// <summary>
/// The folder every help example runs in (the convention all branches' pages are written for): photo.jpg, a.jpg,
/// b.jpg, scan.png and photos/ with three JPEGs, all small images from ../shared/testdata.
/// </summary>
public static class ExampleFolder
{
    public static void LayOut(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "photos"));
        Copy("jpeg/baseline_422_640x480.jpg", folder, "photo.jpg");
        Copy("jpeg/baseline_420_227x149.jpg", folder, "a.jpg");
        Copy("jpeg/grayscale_32x32.jpg", folder, "b.jpg");
        Copy("png/photo_rgb16_icc_149x227.png", folder, "scan.png");
        Copy("jpeg/baseline_420_227x149.jpg", folder, "photos/one.jpg");
        Copy("jpeg/progressive_420_320x240.jpg", folder, "photos/two.jpg");
        Copy("jpeg/baseline_444_320x240.jpg", folder, "photos/three.jpg");
    }

    private static void Copy(string testImage, string folder, string name) => File.Copy(RepoPaths.TestImage(testImage), Path.Combine(folder, name));
}
