namespace AutoDiffGen.Tests.NN;

/// <summary>
/// The functional layer ops inside [Differentiable] methods, as layers will call them. Each result is weighted by
/// a random [NoDiff] tensor and summed, so the op's adjoint is a non-trivial tensor and the check covers the whole
/// Jacobian. Variants with data inputs exercise the per-argument rules; nullable parameters carry null biases.
/// </summary>
public static partial class NNFunctions
{
    [Differentiable]
    public static Tensor Linear(Tensor x, Tensor w, Tensor? b, [NoDiff] Tensor r) => (Tensor.Linear(x, w, b) * r).Sum();

    /// <summary>A first layer: the input is data, so only the weight's and bias's rules run.</summary>
    [Differentiable]
    public static Tensor LinearOfData(Tensor w, Tensor b, [NoDiff] Tensor x, [NoDiff] Tensor r) => (Tensor.Linear(x, w, b) * r).Sum();

    [Differentiable]
    public static Tensor LinearNoBias(Tensor x, Tensor w, [NoDiff] Tensor r) => (Tensor.Linear(x, w) * r).Sum();

    [Differentiable]
    public static Tensor Mlp(Tensor w1, Tensor b1, Tensor w2, Tensor b2, [NoDiff] Tensor x, [NoDiff] Tensor y) =>
        AutoDiffGen.Losses.CrossEntropy(Tensor.Linear(Tensor.Linear(x, w1, b1).Relu(), w2, b2), y);

    [Differentiable]
    public static Tensor Conv(Tensor x, Tensor w, Tensor? b, int stride, int padding, [NoDiff] Tensor r) =>
        (Tensor.Conv2d(x, w, b, stride, padding) * r).Sum();

    [Differentiable]
    public static Tensor ConvTuple(Tensor x, Tensor w, Tensor b, int strideH, int strideW, int padH, int padW, [NoDiff] Tensor r) =>
        (Tensor.Conv2d(x, w, b, (strideH, strideW), (padH, padW)) * r).Sum();

    [Differentiable]
    public static Tensor ConvOfData(Tensor w, [NoDiff] Tensor x, [NoDiff] Tensor r) => (Tensor.Conv2d(x, w, null, 2, 1) * r).Sum();

    [Differentiable]
    public static Tensor MaxPool(Tensor x, int kernel, int stride, int padding, [NoDiff] Tensor r) =>
        (Tensor.MaxPool2d(x, kernel, stride, padding) * r).Sum();

    [Differentiable]
    public static Tensor MaxPoolDefaultStride(Tensor x, [NoDiff] Tensor r) => (Tensor.MaxPool2d(x, 2) * r).Sum();

    [Differentiable]
    public static Tensor MaxPoolTuple(Tensor x, int kh, int kw, int sh, int sw, [NoDiff] Tensor r) =>
        (Tensor.MaxPool2d(x, (kh, kw), (sh, sw), (kh / 2, kw / 2)) * r).Sum();

    [Differentiable]
    public static Tensor AvgPool(Tensor x, int kernel, int stride, int padding, [NoDiff] Tensor r) =>
        (Tensor.AvgPool2d(x, kernel, stride, padding) * r).Sum();

    [Differentiable]
    public static Tensor AvgPoolTuple(Tensor x, int kh, int kw, int sh, int sw, [NoDiff] Tensor r) =>
        (Tensor.AvgPool2d(x, (kh, kw), (sh, sw), (kh / 2, kw / 2)) * r).Sum();

    [Differentiable]
    public static Tensor LayerNorm(Tensor x, Tensor? w, Tensor? b, int[] shape, [NoDiff] Tensor r) =>
        (Tensor.LayerNorm(x, shape, w, b) * r).Sum();

    [Differentiable]
    public static Tensor LayerNormOfData(Tensor w, Tensor b, [NoDiff] Tensor x, int[] shape, [NoDiff] Tensor r) =>
        (Tensor.LayerNorm(x, shape, w, b, 1e-3) * r).Sum();

    [Differentiable]
    public static Tensor BatchNorm(Tensor x, Tensor? w, Tensor? b, [NoDiff] Tensor? runningMean, [NoDiff] Tensor? runningVar, bool training, [NoDiff] Tensor r) =>
        (Tensor.BatchNorm(x, runningMean, runningVar, w, b, training) * r).Sum();

    [Differentiable]
    public static Tensor BatchNormOfData(Tensor w, Tensor b, [NoDiff] Tensor x, [NoDiff] Tensor r) =>
        (Tensor.BatchNorm(x, null, null, w, b, training: true, eps: 1e-3) * r).Sum();

    [Differentiable]
    public static Tensor Embedding(Tensor weight, [NoDiff] Tensor indices, [NoDiff] Tensor r) => (Tensor.Embedding(indices, weight) * r).Sum();

    [Differentiable]
    public static Tensor Gelu(Tensor x, [NoDiff] string approximate, [NoDiff] Tensor r) => (x.Gelu(approximate) * r).Sum();

    [Differentiable]
    public static Tensor GeluExact(Tensor x, [NoDiff] Tensor r) => (x.Gelu() * r).Sum();

    [Differentiable]
    public static Tensor Dropout(Tensor x, [NoDiff] double p, bool training, [NoDiff] Generator generator, [NoDiff] Tensor r) =>
        (Tensor.Dropout(x, p, training, generator) * r).Sum();

    /// <summary>A LeNet-like stack: conv, ReLU, max pool, conv, average pool, flatten, linear, cross-entropy.</summary>
    [Differentiable]
    public static Tensor Lenet(Tensor c1, Tensor cb1, Tensor c2, Tensor f, Tensor fb, [NoDiff] Tensor x, [NoDiff] Tensor y)
    {
        var h = Tensor.MaxPool2d(Tensor.Conv2d(x, c1, cb1, 1, 1).Relu(), 2);
        var z = Tensor.AvgPool2d(Tensor.Conv2d(h, c2, null, 1, 0), 2);
        return AutoDiffGen.Losses.CrossEntropy(Tensor.Linear(z.Flatten(1), f, fb), y);
    }
}
