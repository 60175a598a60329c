namespace AutoDiffGen.Transforms;

/// <summary>
/// Applies transforms to a dataset's samples when they are read, like a torchvision dataset's <c>transform=</c>:
/// <c>mnist.Select(new Compose&lt;Image&gt;(new ToTensor(), new Normalize([0.1307], [0.3081])))</c> turns
/// <c>(Image, long)</c> samples into <c>(Tensor, long)</c> ones that <c>DataLoader</c> batches.
/// </summary>
public static class DatasetTransformExtensions
{
    /// <summary>
    /// Transforms the input of each <c>(input, label)</c> sample and keeps the label. A random transform gets, for
    /// sample i in epoch e, a generator seeded from (<paramref name="seed"/>, e, i): augmentations change every epoch
    /// and do not depend on the number of workers. Without a seed, one is drawn from <see cref="Generator.Default"/>.
    /// </summary>
    public static Dataset<(TOut Input, TLabel Label)> Select<TIn, TOut, TLabel>(
        this Dataset<(TIn Input, TLabel Label)> dataset, Transform<TIn, TOut> transform, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transform);
        if (IsImageConversion(transform, out var normalize) && dataset is Dataset<(Image, TLabel)> images)
        {
            // TIn is Image and TOut is Tensor here: the casts cannot fail.
            return (Dataset<(TOut, TLabel)>)(object)new ImageTensorDataset<TLabel>(images, normalize);
        }

        return transform.IsRandom
            ? dataset.Select((s, g) => (transform.Apply(s.Input, g), s.Label), seed)
            : dataset.Select(s => (transform.Apply(s.Input, Generator.Default), s.Label));
    }

    /// <summary>
    /// True for <see cref="ToTensor"/>, or a <see cref="Compose{TIn}"/> that is only ToTensor (+ Normalize), whose
    /// normalisation (null for none) a loader can apply while writing images into a batch.
    /// </summary>
    private static bool IsImageConversion<TIn, TOut>(Transform<TIn, TOut> transform, out Normalize? normalize)
    {
        (var recognised, normalize) = transform switch
        {
            ToTensor or Compose<Image> { First: ToTensor, Rest.Transforms.Count: 0 } => (true, null),
            Compose<Image> { First: NormalizedToTensor fused, Rest.Transforms.Count: 0 } => (true, fused.Normalize),
            _ => (false, (Normalize?)null),
        };
        return recognised;
    }

    /// <summary>Transforms whole samples (e.g. a dataset of tensors); randomness as in the labelled overload.</summary>
    public static Dataset<TOut> Select<TIn, TOut>(this Dataset<TIn> dataset, Transform<TIn, TOut> transform, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transform);
        return transform.IsRandom
            ? dataset.Select(transform.Apply, seed)
            : dataset.Select(s => transform.Apply(s, Generator.Default));
    }
}
