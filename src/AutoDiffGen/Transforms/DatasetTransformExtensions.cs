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
        return transform.IsRandom
            ? dataset.Select((s, g) => (transform.Apply(s.Input, g), s.Label), seed)
            : dataset.Select(s => (transform.Apply(s.Input, Generator.Default), s.Label));
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
