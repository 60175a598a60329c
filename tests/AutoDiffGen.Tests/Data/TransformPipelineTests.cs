using AutoDiffGen.Transforms;

namespace AutoDiffGen.Tests.Data;

public class TransformPipelineTests
{
    /// <summary>A reader-like dataset of 8-bit RGB images with labels.</summary>
    private sealed class Images(int count, int size) : Dataset<(Image Image, long Label)>
    {
        public override int Count => count;

        public override (Image Image, long Label) this[int index]
        {
            get
            {
                CheckIndex(index);
                return (DataTestKit.PatternImage(size, size, 3, seed: index), index % 10);
            }
        }
    }

    [Fact]
    public void Select_turns_image_samples_into_tensor_samples_for_the_loader()
    {
        var tutorial = new Images(20, 32).Select(new Compose<Image>(new ToTensor(), new Resize(16)));
        var (input, label) = tutorial[3];
        Assert.Equal([3, 16, 16], input.Shape.ToArray());
        Assert.Equal(3, label);

        var (images, labels) = new DataLoader(tutorial, batchSize: 8, shuffle: true, seed: 0).First();
        Assert.Equal([8, 3, 16, 16], images.Shape.ToArray());
        Assert.Equal(DType.Int64, labels.DType);
        Assert.Equal([16, 16, 3], images[0].Permute(1, 2, 0).Shape.ToArray()); // how the tutorial shows one image
    }

    [Fact]
    public void Random_augmentations_depend_on_seed_epoch_and_index_only()
    {
        var augment = new Compose<Image>(new ToTensor(), new RandomCrop(8, padding: 2), new RandomHorizontalFlip());
        var a = new Images(16, 8).Select(augment, seed: 42);
        var b = new Images(16, 8).Select(augment, seed: 42);
        Assert.Equal(a[5].Input.ToArray<float>(), b[5].Input.ToArray<float>());
        Assert.Equal(a.Get(5, 3).Input.ToArray<float>(), b.Get(5, 3).Input.ToArray<float>());

        // Over the epochs a sample meets different crops and flips.
        var variants = Enumerable.Range(0, 10).Select(e => string.Join(',', a.Get(5, e).Input.ToArray<float>())).Distinct().Count();
        Assert.True(variants > 1);
    }

    [Fact]
    public void Augmented_batches_are_identical_for_any_number_of_workers()
    {
        var augment = new Compose<Image>(new ToTensor(), new RandomCrop(8, padding: 2), new RandomHorizontalFlip(), new Normalize([0.5], [0.25]));
        List<float[]> Run(int workers)
        {
            var loader = new DataLoader(new Images(40, 8).Select(augment, seed: 7), batchSize: 6, shuffle: true, seed: 1, workers: workers);
            return [.. loader.Concat(loader).Select(batch => batch.Input.ToArray<float>())]; // two epochs
        }

        var reference = Run(0);
        Assert.Equal(14, reference.Count);
        Assert.NotEqual(reference[0], reference[7]);
        foreach (var workers in new[] { 1, 2, 4 })
        {
            Assert.Equal(reference, Run(workers));
        }
    }
}
