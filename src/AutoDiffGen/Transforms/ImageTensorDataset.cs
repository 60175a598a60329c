namespace AutoDiffGen.Transforms;

/// <summary>
/// What <c>Select(transform)</c> returns for <see cref="ToTensor"/>, or for a <see cref="Compose{TIn}"/> of
/// <see cref="ToTensor"/> then <see cref="Normalize"/> and nothing else, on <c>(Image, label)</c> samples: sample i is
/// (that transform of image i, label i), as from the general mapped dataset. In addition a <see cref="DataLoader"/>
/// recognises it and writes each image's floats straight into the batch tensor (<see cref="ImageBatchAssembler"/>)
/// instead of making a tensor per sample and copying it into the batch.
/// </summary>
internal sealed class ImageTensorDataset<TLabel> : Dataset<(Tensor Input, TLabel Label)>
{
    private readonly Dataset<(Image Image, TLabel Label)> _source;

    public ImageTensorDataset(Dataset<(Image Image, TLabel Label)> source, Normalize? normalize)
    {
        _source = source;
        Normalize = normalize;
    }

    /// <summary>The normalisation fused into the conversion, or null for plain <see cref="ToTensor"/>.</summary>
    public Normalize? Normalize { get; }

    public override int Count => _source.Count;

    public override (Tensor Input, TLabel Label) this[int index] => Get(index, 0);

    public override (Tensor Input, TLabel Label) Get(int index, int epoch)
    {
        var (image, label) = Read(index, epoch);
        return (PixelConversion.ToTensor(image, Normalize), label);
    }

    /// <summary>
    /// The image and label of sample <paramref name="index"/>, checked as the transform would check them (so a
    /// loader that converts the image itself fails where <see cref="Get"/> would).
    /// </summary>
    internal (Image Image, TLabel Label) Read(int index, int epoch)
    {
        CheckIndex(index);
        var (image, label) = _source.Get(index, epoch);
        ArgumentNullException.ThrowIfNull(image, "input");
        if (Normalize is { } n && !n.Fits(image.Channels))
        {
            n.CheckChannels(image.Channels, $"[{image.Channels}, {image.Height}, {image.Width}] (the image after ToTensor)");
        }

        return (image, label);
    }
}

/// <summary>
/// Builds a loader's <c>(input, label)</c> batches from an <see cref="ImageTensorDataset{TLabel}"/> by converting each
/// image straight into its row of the batch tensor: the same values, bit for bit, as stacking the samples' tensors.
/// </summary>
/// <remarks>
/// The loader's dataset may also be a <see cref="Subset{T}"/> of such a dataset (what <c>RandomSplit</c> returns for
/// <c>mnist.Select(new ToTensor()).RandomSplit(...)</c>), or a subset of a subset: sample i is then image
/// <c>indices[i]</c> of the underlying dataset, the indices of nested subsets composed once when the loader is made.
/// </remarks>
internal sealed class ImageBatchAssembler(ImageTensorDataset<long> dataset, IReadOnlyList<int>? indices, int batchSize)
    : BatchAssembler<(Tensor Input, Tensor Target)>
{
    private readonly Image[] _images = new Image[batchSize];
    private readonly long[] _labels = new long[batchSize];

    /// <summary>
    /// A factory of assemblers for a loader over <paramref name="samples"/>, or null when the loader must read each
    /// sample's tensor (the dataset is not images through ToTensor [+ Normalize], directly or through subsets).
    /// </summary>
    public static Func<BatchAssembler<(Tensor Input, Tensor Target)>>? For(Dataset<(Tensor Input, long Label)> samples, int batchSize)
    {
        IReadOnlyList<int>? indices = null;
        var current = samples;
        while (current is Subset<(Tensor Input, long Label)> subset)
        {
            indices = indices is null ? subset.Indices : Compose(subset.Indices, indices);
            current = subset.Dataset;
        }

        if (current is not ImageTensorDataset<long> images)
        {
            return null;
        }

        return () => new ImageBatchAssembler(images, indices, batchSize);
    }

    public override void Read(int slot, int index, int epoch) =>
        (_images[slot], _labels[slot]) = dataset.Read(indices is null ? index : indices[index], epoch);

    public override (Tensor Input, Tensor Target) Collate(int count)
    {
        var first = _images[0];
        int[] shape = [first.Channels, first.Height, first.Width];
        for (var k = 1; k < count; k++)
        {
            var image = _images[k];
            if (image.Channels != first.Channels || image.Height != first.Height || image.Width != first.Width)
            {
                throw AutoDiffGen.Collate.ShapeMismatch(k, new TensorShape([image.Channels, image.Height, image.Width]), new TensorShape(shape));
            }
        }

        var batch = BatchBuffers.Allocate(DType.Float32, [count, .. shape]);
        var size = shape[0] * shape[1] * shape[2];
        var values = batch.ContiguousSpan<float>();
        for (var k = 0; k < count; k++)
        {
            PixelConversion.Write(_images[k], values.Slice(k * size, size), dataset.Normalize);
        }

        return (batch, new Tensor(_labels.AsSpan(0, count).ToArray(), DType.Int64, [count]));
    }

    public override void Clear() => Array.Clear(_images);

    /// <summary>outer[inner[i]] for each i: the indices into the outer dataset of a subset of a subset.</summary>
    private static int[] Compose(IReadOnlyList<int> outer, IReadOnlyList<int> inner)
    {
        var composed = new int[inner.Count];
        for (var i = 0; i < composed.Length; i++)
        {
            composed[i] = outer[inner[i]];
        }

        return composed;
    }
}
