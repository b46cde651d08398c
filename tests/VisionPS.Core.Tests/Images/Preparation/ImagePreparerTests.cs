using VisionPS.Core.Diagnostics;
using VisionPS.Core.Images.Preparation;
using VisionPS.Imaging;

namespace VisionPS.Core.Tests.Images.Preparation;

public sealed class ImagePreparerTests
{
    private readonly FakeImageEngine _engine = new();

    private PreparedImage Prepare(ImageInfo info, int fileBytes, string? detail = null, ImagePreparationOptions? options = null, string? model = null)
    {
        _engine.Info = info;
        options ??= ImagePreparationOptions.Default;
        if (model is not null)
        {
            options = options with { Model = model };
        }

        return new ImagePreparer(_engine).Prepare(new byte[fileBytes], info, "photo.jpg", detail, options);
    }

    private static ImageInfo Jpeg(int width, int height, int orientation = 1) => new(ImageFormat.Jpeg, width, height) { Orientation = orientation };

    [Fact]
    public void An_image_within_every_limit_is_sent_as_it_is()
    {
        PreparedImage result = Prepare(Jpeg(640, 480), 50_000);

        Assert.Equal(ImageChanges.None, result.Changes);
        Assert.Equal(50_000, result.Data.Length);
        Assert.Equal(["Strip"], _engine.Calls);
    }

    [Fact]
    public void Metadata_is_stripped_losslessly_when_the_image_needs_nothing_else()
    {
        _engine.MetadataBytes = 3_000;

        PreparedImage result = Prepare(Jpeg(640, 480), 50_000);

        Assert.Equal(ImageChanges.MetadataStripped, result.Changes);
        Assert.Equal(47_000, result.Data.Length);
        Assert.Equal((640, 480), (result.Width, result.Height));
    }

    [Fact]
    public void KeepMetadata_sends_the_original_bytes()
    {
        _engine.MetadataBytes = 3_000;

        PreparedImage result = Prepare(Jpeg(640, 480), 50_000, options: new ImagePreparationOptions { KeepMetadata = true });

        Assert.Equal(ImageChanges.None, result.Changes);
        Assert.Equal(50_000, result.Data.Length);
        Assert.Empty(_engine.Calls);
    }

    [Fact]
    public void A_12MP_photo_for_detail_low_is_decoded_at_an_eighth_which_lands_within_3_percent_of_512()
    {
        PreparedImage result = Prepare(Jpeg(4000, 3000), 5_000_000, detail: "low");

        Assert.Equal(["Decode 500x375", "Jpeg 500x375 q85"], _engine.Calls);
        Assert.Equal(ImageChanges.Reencoded | ImageChanges.Resized, result.Changes);
        Assert.Equal((500, 375), (result.Width, result.Height));
        Assert.Equal(85, result.Quality);
        Assert.Equal(ImageFormat.Jpeg, result.Format);
    }

    [Fact]
    public void A_scale_further_below_the_target_is_not_taken_so_the_decode_is_resampled()
    {
        // 3264 px / 8 = 408, far below 512: the decoder must stop at 1/4 (816x612) and the rest is resampled.
        PreparedImage result = Prepare(Jpeg(3264, 2448), 3_000_000, detail: "low");

        Assert.Equal(["Decode 816x612", "Resize 816x612->512x384", "Jpeg 512x384 q85"], _engine.Calls);
        Assert.Equal((512, 384), (result.Width, result.Height));
    }

    [Fact]
    public void A_rotated_photo_is_decoded_in_stored_orientation_turned_upright_then_resized()
    {
        // Stored 4000x3000 with orientation 6: shown as 3000x4000 portrait, so detail low means 384x512.
        PreparedImage result = Prepare(Jpeg(4000, 3000, orientation: 6), 5_000_000, detail: "low");

        // The minimum allows 3% less than the target (stored orientation), so 1/8 (500x375) is taken and sent as it is.
        Assert.Equal(497, _engine.LastDecodeOptions!.MinimumWidth);
        Assert.Equal(373, _engine.LastDecodeOptions.MinimumHeight);
        Assert.Equal(["Decode 500x375", "Orient 6", "Jpeg 375x500 q85"], _engine.Calls);
        Assert.Equal(ImageChanges.Reencoded | ImageChanges.Resized | ImageChanges.Rotated, result.Changes);
        Assert.Equal((375, 500), (result.Width, result.Height));
    }

    [Fact]
    public void A_small_rotated_photo_is_turned_upright_at_full_size()
    {
        PreparedImage result = Prepare(Jpeg(600, 450, orientation: 8), 60_000);

        Assert.Equal(["Decode 600x450", "Orient 8", "Jpeg 450x600 q85"], _engine.Calls);
        Assert.Equal(ImageChanges.Reencoded | ImageChanges.Rotated, result.Changes);
    }

    [Fact]
    public void Over_the_budget_quality_goes_down_to_55_before_the_size_does()
    {
        // 1024x768 at q85 = 334,233 bytes → 445,644 base64: over a 200,000 budget.
        PreparedImage result = Prepare(Jpeg(1024, 768), 900_000, options: new ImagePreparationOptions { MaxEncodedBytes = 200_000 });

        // The lossless try comes first: within the size limits, but over the budget.
        Assert.Equal(["Strip", "Decode 1024x768", "Jpeg 1024x768 q85", "Jpeg 1024x768 q75", "Jpeg 1024x768 q65", "Jpeg 1024x768 q55"], _engine.Calls.Take(6));
        Assert.StartsWith("Resize 1024x768->", _engine.Calls[6]);
        Assert.Equal(55, result.Quality);
        Assert.True(ImagePreparationOptions.EncodedLength(result.Data.Length) <= 200_000);
        Assert.True(result.Width < 1024 && result.Height < 768);
        Assert.Equal(ImageChanges.Reencoded | ImageChanges.Resized, result.Changes);
    }

    [Fact]
    public void A_jpeg_is_not_re_encoded_above_its_own_quality_unless_the_user_asks()
    {
        _engine.SourceQuality = 39;
        Assert.Equal(39, Prepare(Jpeg(4000, 3000), 5_000_000, detail: "low").Quality);

        _engine.SourceQuality = 95;
        Assert.Equal(85, Prepare(Jpeg(4000, 3000), 5_000_000, detail: "low").Quality);

        _engine.SourceQuality = 39;
        Assert.Equal(90, Prepare(Jpeg(4000, 3000), 5_000_000, detail: "low", options: new ImagePreparationOptions { Quality = 90 }).Quality);
    }

    [Fact]
    public void A_lower_quality_the_user_chose_is_not_raised()
    {
        PreparedImage result = Prepare(Jpeg(4000, 3000), 5_000_000, detail: "low", options: new ImagePreparationOptions { Quality = 30 });

        Assert.Equal(30, result.Quality);
    }

    [Fact]
    public void A_budget_nothing_fits_in_is_a_clear_error()
    {
        var error = Assert.Throws<VisionArgumentException>(() =>
            Prepare(Jpeg(4000, 3000), 5_000_000, options: new ImagePreparationOptions { MaxEncodedBytes = 0 }));

        Assert.Equal(ErrorIds.ImageTooLarge, error.ErrorId);
        Assert.Contains("photo.jpg", error.Message);
        Assert.Contains("-MaxBytes", error.RecommendedAction);
    }

    [Fact]
    public void A_small_png_stays_png_after_resizing()
    {
        PreparedImage result = Prepare(new ImageInfo(ImageFormat.Png, 1200, 400), 300_000, detail: "low");

        Assert.Equal(ImageFormat.Png, result.Format);
        Assert.Equal((512, 170), (result.Width, result.Height));
        Assert.Equal(ImageChanges.Reencoded | ImageChanges.Resized, result.Changes);
    }

    [Fact]
    public void A_png_photo_over_the_budget_becomes_jpeg_with_transparency_on_white()
    {
        _engine.DecodesAlpha = true;

        PreparedImage result = Prepare(new ImageInfo(ImageFormat.Png, 3000, 2000), 9_000_000);

        Assert.Equal(ImageFormat.Jpeg, result.Format);
        Assert.Contains("Flatten", _engine.Calls);
        Assert.Equal(ImageChanges.Reencoded | ImageChanges.Resized | ImageChanges.FormatChanged | ImageChanges.AlphaFlattened, result.Changes);
    }

    private ImageInfo LossyWebP(int width, int height)
    {
        _engine.DecodesWebP = true;
        return new ImageInfo(ImageFormat.WebP, width, height) { IsLossy = true };
    }

    [Fact]
    public void A_lossy_photo_that_must_change_goes_as_jpeg_when_its_png_would_be_photographic()
    {
        // The fake's PNG is 16 bits per pixel and its JPEG at quality 85 under 4: a photo.
        PreparedImage result = Prepare(LossyWebP(1200, 800), 1_500_000, detail: "low");

        Assert.Equal(ImageFormat.Jpeg, result.Format);
        Assert.Equal((512, 341), (result.Width, result.Height));
        Assert.Equal(ImagePreparationOptions.DefaultQuality, result.Quality);
        Assert.Equal(ImageChanges.Reencoded | ImageChanges.Resized | ImageChanges.FormatChanged, result.Changes);
        Assert.Equal(["Decode 1200x800", "Resize 1200x800->512x341", "Png 512x341", "Jpeg 512x341 q85"], _engine.Calls);
    }

    [Fact]
    public void A_lossless_source_keeps_png_however_photographic_while_it_fits()
    {
        // A downscaled screenshot of dense text takes as many bits per pixel as a photo; its text must stay sharp.
        PreparedImage result = Prepare(new ImageInfo(ImageFormat.Png, 1200, 800), 1_500_000, detail: "low");

        Assert.Equal(ImageFormat.Png, result.Format);
        Assert.DoesNotContain(_engine.Calls, c => c.StartsWith("Jpeg", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lossy_photo_keeps_png_when_it_has_transparency()
    {
        _engine.DecodesAlpha = true; // the fake's RGBA pixels are all zero: fully transparent

        PreparedImage result = Prepare(LossyWebP(1200, 800), 1_500_000, detail: "low");

        Assert.Equal(ImageFormat.Png, result.Format);
        Assert.DoesNotContain(_engine.Calls, c => c.StartsWith("Jpeg", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lossy_picture_keeps_png_when_a_jpeg_would_not_halve_it()
    {
        _engine.PngBytesPerPixel = 0.6; // 4.8 bits per pixel, while the JPEG at 85 takes 3.4
        PreparedImage result = Prepare(LossyWebP(1200, 800), 1_500_000, detail: "low");

        Assert.Equal(ImageFormat.Png, result.Format);
        Assert.Contains("Jpeg 512x341 q85", _engine.Calls);
    }

    [Fact]
    public void A_bmp_is_converted_even_when_small()
    {
        PreparedImage result = Prepare(new ImageInfo(ImageFormat.Bmp, 127, 64), 24_000);

        Assert.Equal(ImageFormat.Png, result.Format);
        Assert.Equal(ImageChanges.Reencoded | ImageChanges.FormatChanged, result.Changes);
    }

    [Fact]
    public void A_webp_too_large_to_be_useful_is_sent_as_it_is_with_a_warning()
    {
        PreparedImage result = Prepare(new ImageInfo(ImageFormat.WebP, 4000, 3000), 900_000);

        Assert.Equal(ImageFormat.WebP, result.Format);
        Assert.DoesNotContain(_engine.Calls, c => c.StartsWith("Decode", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("photo.jpg") && w.Contains("4000x3000") && w.Contains("magick"));
    }

    [Fact]
    public void NoResize_never_decodes()
    {
        _engine.MetadataBytes = 100;

        PreparedImage result = Prepare(Jpeg(4000, 3000), 5_000_000, options: new ImagePreparationOptions { Resize = false });

        Assert.Equal(["Strip"], _engine.Calls);
        Assert.Equal(ImageChanges.MetadataStripped, result.Changes);
        Assert.Equal((4000, 3000), (result.Width, result.Height));
    }

    [Fact]
    public void NoResize_keeps_the_exif_of_a_rotated_photo_so_it_still_shows_upright()
    {
        _engine.MetadataBytes = 100;

        PreparedImage result = Prepare(Jpeg(4000, 3000, orientation: 6), 5_000_000, options: new ImagePreparationOptions { Resize = false });

        Assert.Empty(_engine.Calls);
        Assert.Equal(ImageChanges.None, result.Changes);
        Assert.Contains(result.Warnings, w => w.Contains("orientation 6"));
        Assert.Equal((3000, 4000), (result.Width, result.Height));
    }

    [Fact]
    public void MaxSize_replaces_the_model_limits()
    {
        PreparedImage result = Prepare(Jpeg(4000, 3000), 5_000_000, options: new ImagePreparationOptions { MaxSize = 300 });

        Assert.Equal((300, 225), (result.Width, result.Height));
        Assert.Equal(["Decode 500x375", "Resize 500x375->300x225", "Jpeg 300x225 q85"], _engine.Calls);
    }

    [Fact]
    public void The_model_family_sets_the_size_for_high_detail()
    {
        Assert.Equal((1024, 768), Sent(model: "gpt-4o"));
        Assert.Equal((1448, 1086), Sent(model: "gpt-4.1-mini"));
        Assert.Equal((1156, 867), Sent(model: "Qwen/Qwen2.5-VL-7B-Instruct"));

        // PNG, so no IDCT scale gets in the way of the exact target.
        (int, int) Sent(string model)
        {
            var png = new ImageInfo(ImageFormat.Png, 4000, 3000);
            PreparedImage r = new ImagePreparer(new FakeImageEngine { Info = png })
                .Prepare(new byte[5_000_000], png, "p.png", "high", new ImagePreparationOptions { Model = model, MaxEncodedBytes = long.MaxValue });
            return (r.Width, r.Height);
        }
    }
}
