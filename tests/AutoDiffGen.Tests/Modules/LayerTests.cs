namespace AutoDiffGen.Tests.Modules;

/// <summary>Every layer's parameter gradients against finite differences, names, modes, and a CNN that learns.</summary>
public sealed class LayerTests
{
    private static readonly Generator _g = new(17);

    private static Tensor Randn(params int[] shape) => Tensor.Randn(shape, DType.Float64, _g);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    public void Conv2dParameters(int stride, int padding)
    {
        var layer = new Conv2d(2, 3, 3, stride, padding, dtype: DType.Float64, generator: _g);
        var x = Randn(2, 2, 5, 6);
        var w = Randn([.. layer.Forward(x).Shape]);
        var (convValue, grad) = LayerObjectives.ConvWithGradient(layer, x, w);
        SameValue.Fused(LayerObjectives.Conv(layer, x, w), convValue);
        Assert.Equal(["weight", "bias"], grad.NamedTensors().Select(p => p.Key));
        ModuleGradientTests.CheckAgainstFiniteDifferences(layer, grad, () => LayerObjectives.Conv(layer, x, w).Item<double>());
    }

    [Fact]
    public void LayerNormParameters()
    {
        var layer = new LayerNorm(5, dtype: DType.Float64);
        layer.Weight!.CopyFrom(Randn(5));
        var x = Randn(3, 4, 5);
        var w = Randn(3, 4, 5);
        var (normValue, grad) = LayerObjectives.NormWithGradient(layer, x, w);
        SameValue.Fused(LayerObjectives.Norm(layer, x, w), normValue);
        ModuleGradientTests.CheckAgainstFiniteDifferences(layer, grad, () => LayerObjectives.Norm(layer, x, w).Item<double>());
    }

    [Fact]
    public void BatchNormParametersInTrainingAndEvaluation()
    {
        var layer = new BatchNorm2d(3, dtype: DType.Float64);
        var x = Randn(4, 3, 2, 2);
        var w = Randn(4, 3, 2, 2);
        var (batch2Value, grad) = LayerObjectives.Batch2WithGradient(layer, x, w);
        SameValue.Fused(LayerObjectives.Batch2(layer, x, w), batch2Value);
        ModuleGradientTests.CheckAgainstFiniteDifferences(layer, grad, () => LayerObjectives.Batch2(layer, x, w).Item<double>());

        layer.Eval();
        var (evalValue, evalGrad) = LayerObjectives.Batch2WithGradient(layer, x, w);
        SameValue.Fused(LayerObjectives.Batch2(layer, x, w), evalValue);
        ModuleGradientTests.CheckAgainstFiniteDifferences(layer, evalGrad, () => LayerObjectives.Batch2(layer, x, w).Item<double>());

        var flat = new BatchNorm1d(4, dtype: DType.Float64);
        var x1 = Randn(6, 4);
        var w1 = Randn(6, 4);
        var (batch1Value, g1) = LayerObjectives.Batch1WithGradient(flat, x1, w1);
        SameValue.Fused(LayerObjectives.Batch1(flat, x1, w1), batch1Value);
        ModuleGradientTests.CheckAgainstFiniteDifferences(flat, g1, () => LayerObjectives.Batch1(flat, x1, w1).Item<double>());
    }

    [Fact]
    public void BatchNormTracksRunningStatisticsOnlyInTraining()
    {
        var layer = new BatchNorm1d(2, momentum: null, dtype: DType.Float64);
        Assert.Equal(["weight", "bias"], layer.NamedParameters().Select(p => p.Key));
        Assert.Equal(["running_mean", "running_var", "num_batches_tracked"], layer.NamedBuffers().Select(p => p.Key));
        var a = Tensor.FromArray(new double[] { 1, 10, 3, 20 }, [2, 2]);
        var b = Tensor.FromArray(new double[] { 5, 0, 7, 2 }, [2, 2]);
        layer.Forward(a);
        layer.Forward(b);
        Assert.Equal(2, layer.NumBatchesTracked.Item<long>());

        // A cumulative average of the batch means (2, 15) and (6, 1), as momentum=None does in PyTorch.
        Assert.Equal([4, 8], layer.RunningMean.ToArray<double>());
        layer.Eval();
        var before = layer.RunningMean.ToArray<double>();
        layer.Forward(a);
        Assert.Equal(before, layer.RunningMean.ToArray<double>());
        Assert.Equal(2, layer.NumBatchesTracked.Item<long>());
    }

    [Fact]
    public void EmbeddingRows()
    {
        var layer = new Embedding(5, 3, DType.Float64, _g);
        var indices = Tensor.FromArray(new long[] { 0, 3, 3, 4 }, [2, 2]);
        Assert.Equal(layer.Weight[3].ToArray<double>(), layer.Forward(indices)[0, 1].ToArray<double>());
        var w = Randn(2, 2, 3);
        var (lookupValue, grad) = LayerObjectives.LookupWithGradient(layer, indices, w);
        SameValue.Fused(LayerObjectives.Lookup(layer, indices, w), lookupValue);
        ModuleGradientTests.CheckAgainstFiniteDifferences(layer, grad, () => LayerObjectives.Lookup(layer, indices, w).Item<double>());
    }

    [Fact]
    public void PoolsGeluAndDropoutInASequential()
    {
        var layers = new Sequential(
            new Conv2d(1, 2, 3, padding: 1, dtype: DType.Float64, generator: _g),
            new GELU(),
            new AvgPool2d(2),
            new Conv2d(2, 2, 1, dtype: DType.Float64, generator: _g),
            new MaxPool2d(2),
            new Flatten(),
            new Dropout(0.0));
        var x = Randn(2, 1, 8, 8);
        var w = Randn(2, 8);
        var (pipelineValue, grad) = LayerObjectives.PipelineWithGradient(layers, x, w);
        SameValue.Fused(LayerObjectives.Pipeline(layers, x, w), pipelineValue);
        Assert.Equal(["0.weight", "0.bias", "3.weight", "3.bias"], grad.NamedTensors().Select(p => p.Key));
        ModuleGradientTests.CheckAgainstFiniteDifferences(layers, grad, () => LayerObjectives.Pipeline(layers, x, w).Item<double>());
    }

    [Fact]
    public void DropoutScalesInTrainingAndPassesThroughInEvaluation()
    {
        var layer = new Dropout(0.25, new Generator(9));
        var x = Tensor.Ones(100_000);
        var y = layer.Forward(x).ToArray<float>();
        var kept = y.Count(v => v != 0);
        Assert.InRange(kept / 100_000.0, 0.74, 0.76);
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(1 / 0.75f, v, 5));
        layer.Eval();
        Assert.Equal(x.ToArray<float>(), layer.Forward(x).ToArray<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
    }

    [Fact]
    public void LayersPrintLikePyTorch()
    {
        Assert.Equal("Conv2d(1, 8, kernel_size=(5, 5), stride=(1, 1))", new Conv2d(1, 8, 5).ToString());
        Assert.Equal("Conv2d(3, 4, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)", new Conv2d(3, 4, 3, 2, 1, bias: false).ToString());
        Assert.Equal("MaxPool2d(kernel_size=2, stride=2, padding=0)", new MaxPool2d(2).ToString());
        Assert.Equal("BatchNorm2d(16, eps=1E-05, momentum=0.1, affine=True)", new BatchNorm2d(16).ToString());
        Assert.Equal("LayerNorm((8,), eps=1E-05, elementwise_affine=True)", new LayerNorm(8).ToString());
        Assert.Equal("Dropout(p=0.5)", new Dropout().ToString());
        Assert.Equal("Embedding(10, 3)", new Embedding(10, 3).ToString());
    }

    [Fact]
    public void ASmallCnnLearnsBarsTo99Percent()
    {
        // 12x12 images with one horizontal (class 0) or vertical (class 1) bar at a random place, plus noise.
        var rng = new Random(4);
        (Tensor X, Tensor Y) Images(int count)
        {
            var pixels = new float[count * 144];
            var labels = new long[count];
            for (var n = 0; n < count; n++)
            {
                labels[n] = rng.Next(2);
                var at = rng.Next(1, 11);
                var from = rng.Next(0, 4);
                for (var i = 0; i < 144; i++)
                {
                    pixels[(n * 144) + i] = (float)(rng.NextDouble() * 0.3);
                }

                for (var k = from; k < from + 8; k++)
                {
                    var (r, c) = labels[n] == 0 ? (at, k) : (k, at);
                    pixels[(n * 144) + (r * 12) + c] += 1;
                }
            }

            return (Tensor.FromArray(pixels, [count, 1, 12, 12]), Tensor.FromArray(labels, [count]));
        }

        var (x, y) = Images(1024);
        var (testX, testY) = Images(512);
        var model = new SmallCnn(new Generator(8));
        var opt = new Adam(model.Parameters(), lr: 1e-2);
        for (var step = 0; step < 120; step++)
        {
            var start = (step * 64) % 1024;
            var (_, grad) = SmallCnn.LossWithGradient(model, x.Narrow(0, start, 64), y.Narrow(0, start, 64));
            opt.Step(grad);
        }

        var predicted = model.Forward(testX).ArgMax(1).ToArray<long>();
        var accuracy = predicted.Zip(testY.ToArray<long>()).Count(p => p.First == p.Second) / 512.0;
        Assert.True(accuracy >= 0.99, $"held-out accuracy {accuracy:P2}");
    }
}
