using VisionPS.Core.Models;

namespace VisionPS.Core.Tests.Models;

public sealed class ModelListingTests
{
    [Fact]
    public void Without_a_live_list_every_catalog_entry_is_shown_with_listed_unknown()
    {
        IReadOnlyList<VisionModel> models = ModelListing.Merge(ModelCatalog.BuiltIn, live: null);

        Assert.Equal(ModelCatalog.BuiltIn.All.Count, models.Count);
        Assert.All(models, m => Assert.Null(m.Listed));
        Assert.All(models, m => Assert.True(m.InCatalog));
    }

    [Fact]
    public void Live_ids_keep_the_providers_spelling_and_pick_up_catalog_facts()
    {
        IReadOnlyList<VisionModel> models = ModelListing.Merge(ModelCatalog.BuiltIn, ["Qwen/Qwen2.5-VL-7B-Instruct", "my-local-llava", "gpt-4o"]);

        VisionModel qwen = Assert.Single(models, m => m.Id == "Qwen/Qwen2.5-VL-7B-Instruct");
        Assert.True(qwen.Listed);
        Assert.Equal(128_000, qwen.ContextLength);
        Assert.Equal("qwen-smart-resize", qwen.ImageTokenRule);

        VisionModel local = Assert.Single(models, m => m.Id == "my-local-llava");
        Assert.False(local.InCatalog);
        Assert.Null(local.Vision);
        Assert.Equal("unknown", local.ImageTokenRule);

        // The catalog entry the live id matched is not listed a second time under its own id.
        Assert.DoesNotContain(models, m => m.Id == "Qwen2.5-VL-7B-Instruct");
        Assert.False(Assert.Single(models, m => m.Id == "gpt-5").Listed);
        Assert.Single(models, m => m.Id == "gpt-4o");
    }

    [Fact]
    public void The_vision_filter_keeps_unknown_and_drops_only_known_blind_models()
    {
        var blind = new ModelInfo("blind", [], "test", false, null, ImageTokenRuleSpec.Unknown, null, ModelRateLimits.Unknown, null);
        var catalog = new ModelCatalog([blind]);

        IReadOnlyList<VisionModel> models = ModelListing.Merge(catalog, ["blind", "mystery"]);

        Assert.Equal(["mystery"], models.Where(ModelListing.MaySee).Select(m => m.Id));
    }
}
